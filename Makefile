# SPDX-License-Identifier: MIT
# Thin wrapper around Meson: make, make run, make test.
BUILD ?= build
DATA ?= var
LISTEN ?= 127.0.0.1:8080
REGIONS_VERSION = 4.0.1

.PHONY: all deps run test clean asan fuzz

all: $(BUILD)/build.ninja
	ninja -C $(BUILD)

$(BUILD)/build.ninja:
	meson setup $(BUILD)

deps:
	scripts/deps.sh

run: deps all
	scripts/run.sh $(BUILD) $(DATA) $(LISTEN)

test: deps all
	scripts/test.sh $(BUILD)

# The whole suite under AddressSanitizer and UBSan.
asan:
	meson setup build-asan -Db_sanitize=address,undefined -Db_lundef=false --buildtype=debug 2>/dev/null || true
	ninja -C build-asan
	ASAN_OPTIONS=detect_leaks=1 UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1 \
		LOKET_SKIP_BROWSER=1 tests/run.sh build-asan

clean:
	rm -rf $(BUILD) build-asan

# libFuzzer harnesses of every parser, 30 s each (not part of make test).
fuzz:
	scripts/fuzz.sh 30
