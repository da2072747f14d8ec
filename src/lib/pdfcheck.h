// SPDX-License-Identifier: MIT
// Tells whether an uploaded PDF carries active content (scripts, automatic actions, attachments), through qpdf.
#ifndef LOKET_PDFCHECK_H
#define LOKET_PDFCHECK_H

#include <stddef.h>

#include "lib/isolate.h"

enum pdfcheck {
	PDFCHECK_CLEAN = 0,	/* readable, and none of the features below */
	PDFCHECK_ACTIVE,	/* readable, and at least one of the features below */
	PDFCHECK_UNREADABLE,	/* qpdf cannot read it (garbage, truncated beyond repair, a
				   password), or it is beyond the limits below */
	PDFCHECK_FAILED,	/* the check could not run (no child process): try again later */
	PDFCHECK__MAX
};

/*
 * Limits that keep a hostile file cheap. A file beyond one is UNREADABLE,
 * never CLEAN: the check fails closed.
 */
#define PDFCHECK_MAX_OBJECTS 100000	/* trailer /Size, and indirect objects walked */
#define PDFCHECK_MAX_VALUES 1000000	/* direct values walked in all (dictionary entries,
					   array items) */
#define PDFCHECK_MAX_DEPTH 200		/* direct nesting inside one object */
/* qpdf keeps every object it parses (some 250 bytes a value) and inflates
 * a whole object stream at once, without a cap of its own: a 100 KB file
 * can make it take gigabytes. pdf_check therefore runs it in a child: */
#define PDFCHECK_MEMORY ((size_t)512 << 20)	/* bytes the child may add */
#define PDFCHECK_CPU_SECONDS 10
#define PDFCHECK_WALL_SECONDS 20

/* What was found, for the log; never shown to people. */
struct pdfcheck_why {
	const char *what;	/* static: "/OpenAction", "/S /JavaScript", "unreadable", ... */
	int obj;		/* the object it is in (0: the trailer or none) */
};

/*
 * Reads len bytes at data with qpdf (which repairs a broken cross-reference
 * table and resolves compressed object streams, so it sees what a viewer
 * sees) and walks every object it knows: the trailer, everything reachable
 * from it, and every object number below the trailer's /Size.
 *
 * Active content, wherever it sits (the catalog, a page, an annotation, a
 * form field, the /Next chain of an action, a stream dictionary):
 *   - a key /JS, /JavaScript (also the /Names tree), /EmbeddedFiles, /EF
 *     (a file specification carrying a file), /RichMediaContent, /XFA;
 *   - an automatic trigger, /OpenAction or an entry of /AA (additional
 *     actions of the catalog, a page, an annotation, a field), that does
 *     anything but go to a place in this document: a destination array
 *     such as [3 0 R /Fit] (SIAK-like printers write it as /OpenAction), or
 *     a /GoTo action without /Next (hyperref writes one), is accepted;
 *   - a name value /JavaScript, /Launch, /SubmitForm, /ImportData, /GoToR,
 *     /GoToE, /RichMediaExecute (action types), /EmbeddedFile, /FileAttachment,
 *     /RichMedia (stream and annotation types): names used by nothing else.
 * Names are compared after qpdf decodes #xx escapes (/J#61vaScript is
 * /JavaScript). An object qpdf cannot read (it would take it for null:
 * damage beyond repair, or memory ran out) makes the file UNREADABLE, as a
 * viewer might read it otherwise. Not looked at: page content streams, string values (a /URI
 * link is accepted), and bytes outside the objects qpdf resolves (an object
 * only in an earlier revision of an incrementally updated file, which no
 * viewer following the cross-reference table uses).
 *
 * Stops at the first finding. Runs in a forked child (lib/isolate.h) under
 * PDFCHECK_MEMORY, PDFCHECK_CPU_SECONDS and PDFCHECK_WALL_SECONDS; a child
 * that goes over one, or crashes, makes the file UNREADABLE. Blocks the
 * calling thread until the answer (a few milliseconds for a real
 * document). Thread-safe; data is borrowed; why may be NULL.
 */
enum pdfcheck pdf_check(const void *data, size_t len, struct pdfcheck_why *why);

/* pdf_check under other limits (tests use small ones). */
enum pdfcheck pdf_check_limits(const void *data, size_t len, const struct isolate_limits *lim,
			       struct pdfcheck_why *why);

/*
 * The same walk in this process, without the memory and time limits (never
 * PDFCHECK_FAILED): for the fuzzer and for tests under sanitizers, which
 * must see the walk itself. Not for files from outside.
 */
enum pdfcheck pdf_check_in_process(const void *data, size_t len, struct pdfcheck_why *why);

/* "clean", "active", "unreadable", "failed" (for logs and tests); static. */
const char *pdf_check_name(enum pdfcheck r);

#endif
