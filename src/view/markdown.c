// SPDX-License-Identifier: MIT
// Markdown to HTML with cmark in safe mode (raw HTML and unsafe links dropped).
#include "view/markdown.h"

#include <cmark.h>

char *md_to_html(const char *md, size_t len)
{
	/* cmark 0.30 is safe unless CMARK_OPT_UNSAFE is given; say so anyway
	 * for older versions, where CMARK_OPT_SAFE still exists */
#ifdef CMARK_OPT_SAFE
	int opts = CMARK_OPT_SAFE | CMARK_OPT_SMART;
#else
	int opts = CMARK_OPT_SMART;
#endif
	return cmark_markdown_to_html(md ? md : "", md ? len : 0, opts);
}
