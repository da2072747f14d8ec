// SPDX-License-Identifier: MIT
// The officers' side of applications: work queues, the hold, and the moves of the transition table.
#include "domain/workflow.h"
typedef int loket_stub_unit;
