# SPDX-License-Identifier: MIT
# Thin wrapper around Meson: make, make run, make test.
BUILD ?= build
DATA ?= var
LISTEN ?= 127.0.0.1:8080
REGIONS_VERSION = 4.0.1

.PHONY: all deps run test clean asan asan-build fuzz

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

# AddressSanitizer + UBSan builds with gcc (build-asan) and clang
# (build-asan-clang, CC=$(ASAN_CLANG)); both must compile cleanly under
# -Werror. The unit and HTTP suites run on SQLite on the clang one
# (scripts/test-asan.sh), whose UBSan, unlike gcc's, writes its reports to
# the files where the run looks for them; any report fails the run.
# make asan ASAN_TEST_BUILD=build-asan runs them on the gcc one.
# The clang build is -O1 (what the fuzzers use, and what ASan's authors
# advise): the suites run in about two thirds of the -O0 time and time
# limits of the tests (a PDF check must end within 10 s) keep a margin on
# a busy machine. The gcc build, only compiled, stays -O0 (faster to build).
# Changed options need make clean (existing build directories are kept).
ASAN_CLANG ?= clang-14
ASAN_TEST_BUILD ?= build-asan-clang
ASAN_SETUP = meson setup -Db_sanitize=address,undefined -Db_lundef=false -Ddebug=true

asan: asan-build
	scripts/test-asan.sh $(ASAN_TEST_BUILD)

asan-build:
	[ -f build-asan/build.ninja ] || $(ASAN_SETUP) -Doptimization=0 build-asan
	ninja -C build-asan
	[ -f build-asan-clang/build.ninja ] || CC=$(ASAN_CLANG) $(ASAN_SETUP) -Doptimization=1 build-asan-clang
	ninja -C build-asan-clang

clean:
	rm -rf $(BUILD) build-asan build-asan-clang build-fuzz

# libFuzzer harnesses of every parser, 30 s each (not part of make test).
fuzz:
	scripts/fuzz.sh 30
