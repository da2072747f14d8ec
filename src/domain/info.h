// SPDX-License-Identifier: MIT
// Information posts (informasi): umum, rahasia (logged-in applicants only) and sistem.
#ifndef LOKET_INFO_H
#define LOKET_INFO_H

#endif
