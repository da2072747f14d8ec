// SPDX-License-Identifier: MIT
// (being written)
typedef int loket_stub_unit;
