// SPDX-License-Identifier: MIT
// Markdown to HTML with cmark in safe mode (raw HTML and unsafe links dropped).
#ifndef LOKET_MARKDOWN_H
#define LOKET_MARKDOWN_H

#include <stddef.h>

/* HTML for the CommonMark text md (len bytes). Raw HTML blocks and inline
 * HTML are replaced by a comment and javascript:/data: links are emptied,
 * so the result may be rendered unescaped ({{{ }}}). Caller frees; NULL on
 * out of memory. */
char *md_to_html(const char *md, size_t len);

#endif
