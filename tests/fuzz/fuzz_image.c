// SPDX-License-Identifier: MIT
// libFuzzer harness: the upload pipeline (libmagic + libvips) on arbitrary bytes under each allowed name.
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "lib/image.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define CHECK(cond) do { if (!(cond)) __builtin_trap(); } while (0)

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const char *const names[] = { "a.jpg", "a.png", "a.pdf", "a.jfif" };
	static int ready;
	struct image_limits lim = { .max_bytes = 1 << 20, .max_pixels = 4000000, .max_side = 256,
				    .thumb_side = 64, .allow_pdf = 1, .max_pages = 5 };
	struct image_out out;
	enum image_err e;

	if (!ready) {
		CHECK(image_init() == 0);
		ready = 1;
	}
	if (size < 1)
		return 0;
	memset(&out, 0, sizeof out);
	/* the first byte picks the name, the rest is the file */
	e = image_ingest(data + 1, size - 1, names[data[0] % 4], &lim, &out);
	CHECK(e < IMAGE__MAX);
	CHECK(image_err_message(e) && *image_err_message(e));
	if (e == IMAGE_OK) {
		/* what is kept is bounded and has a thumbnail */
		CHECK(out.file.len > 0 && out.thumb.len > 0);
		CHECK(out.width > 0 && out.height > 0);
		if (strcmp(out.mime, "application/pdf"))
			CHECK(out.width <= 256 && out.height <= 256);
	} else {
		CHECK(out.file.len == 0);
	}
	image_out_free(&out);
	return 0;
}
