// SPDX-License-Identifier: MIT
// Reports over the roll-ups: applications, step times, registrations.
#ifndef LOKET_REPORT_H
#define LOKET_REPORT_H

#endif
