// SPDX-License-Identifier: MIT
// Information posts (informasi): umum, rahasia (logged-in applicants only) and sistem.
#include "domain/info.h"
typedef int info_placeholder;
