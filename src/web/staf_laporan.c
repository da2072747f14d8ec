// SPDX-License-Identifier: MIT
// (being written)
#include "web/web.h"
typedef int loket_stub_unit;
