// SPDX-License-Identifier: MIT
// Audit log of officer actions on records (UU 27/2022).
#ifndef LOKET_AUDIT_H
#define LOKET_AUDIT_H

#include <stdint.h>

#include "store/db.h"

/* Where the actions of this thread come from until the next call: the
 * client address of the request being served, or "cli". The web layer
 * sets it before every handler; NULL clears it. */
void audit_origin(const char *asal);

/* Records that staff member staf_id did aksi on objek ("pemohon:12"),
 * from the thread's origin. detail must not hold NIK, KK, mother's names
 * or secrets. The log is append-only: nothing in the product updates or
 * deletes its rows. 0 or -1. */
int audit_log(struct db *db, int64_t staf_id, const char *aksi, const char *objek,
	      const char *detail);

#endif
