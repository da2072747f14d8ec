// SPDX-License-Identifier: MIT
// libFuzzer harness: the active-content walk of lib/pdfcheck.c (in this process, so ASan sees it) on arbitrary bytes.
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "lib/pdfcheck.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define CHECK(cond) do { if (!(cond)) __builtin_trap(); } while (0)

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct pdfcheck_why why = { NULL, -1 };
	enum pdfcheck r = pdf_check_in_process(data, size, &why);

	/* a verdict the walk can give, with a reason when it is not clean */
	CHECK(r == PDFCHECK_CLEAN || r == PDFCHECK_ACTIVE || r == PDFCHECK_UNREADABLE);
	CHECK(why.what != NULL);
	CHECK((r == PDFCHECK_CLEAN) == (why.what[0] == '\0'));
	CHECK(why.obj >= 0);
	CHECK(strcmp(pdf_check_name(r), "?"));
	return 0;
}
