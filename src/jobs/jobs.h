// SPDX-License-Identifier: MIT
// Background jobs of a serving process: outbox delivery and expiry sweeps.
#ifndef LOKET_JOBS_H
#define LOKET_JOBS_H

/* Starts the background threads; 0 or -1. */
int jobs_start(void);
/* Asks them to stop and waits for them. */
void jobs_stop(void);

#endif
