// SPDX-License-Identifier: MIT
// Runs one function in a forked child under memory, CPU and time limits: for libraries that parse hostile files.
#ifndef LOKET_ISOLATE_H
#define LOKET_ISOLATE_H

#include <stddef.h>

struct isolate_limits {
	size_t memory;		/* bytes the child may map beyond what it inherits (RLIMIT_AS) */
	int cpu_seconds;	/* CPU time of the child, then SIGKILL (RLIMIT_CPU) */
	int wall_seconds;	/* how long the parent waits for the answer, then SIGKILL */
};

enum isolate_rc {
	ISOLATE_OK = 0,		/* fn returned and out holds the outsz bytes it left there */
	ISOLATE_DIED,		/* the child went over a limit, crashed, or did not answer in time */
	ISOLATE_FAILED,		/* no child could be started (pipe, fork: errno kept) */
	ISOLATE__MAX
};

/* 1 where isolate_run sets the memory limit; 0 under AddressSanitizer,
 * whose shadow mappings alone exceed any limit worth setting. */
#if defined(__SANITIZE_ADDRESS__)
#define ISOLATE_LIMITS_MEMORY 0
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define ISOLATE_LIMITS_MEMORY 0
#endif
#endif
#ifndef ISOLATE_LIMITS_MEMORY
#define ISOLATE_LIMITS_MEMORY 1
#endif

/* Runs in the child: reads arg, writes its answer into out (outsz bytes). */
typedef void (*isolate_fn)(void *arg, void *out, size_t outsz);

/*
 * Forks. The child closes every descriptor it inherited except stdin,
 * stdout, stderr and its pipe (so no client socket or database file stays
 * open in it), sets the limits (no core file either), runs fn(arg, out,
 * outsz) on its copy of memory, sends out back and _exits. The parent reads
 * exactly outsz bytes into out; anything less is ISOLATE_DIED, and the child
 * is killed and reaped before this returns. Blocks the calling thread for at
 * most lim->wall_seconds.
 *
 * The child has only the thread that forked: fn must take no lock another
 * thread may hold (no log, no database, no stdio); malloc is fine (glibc
 * resets its locks at fork), and so is a library object fn creates itself.
 * Pointers to static data may be passed back in out (same program image).
 * The memory limit is set only where ISOLATE_LIMITS_MEMORY.
 */
enum isolate_rc isolate_run(isolate_fn fn, void *arg, void *out, size_t outsz, const struct isolate_limits *lim);

#endif
