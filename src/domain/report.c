// SPDX-License-Identifier: MIT
// Reports over the roll-ups: applications, step times, registrations.
#include "domain/report.h"
typedef int loket_stub_unit;
