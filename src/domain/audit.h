// SPDX-License-Identifier: MIT
// Audit log of officer actions on records (UU 27/2022).
#ifndef LOKET_AUDIT_H
#define LOKET_AUDIT_H

#include <stdint.h>

#include "store/db.h"

/* Records that staff member staf_id did aksi on objek ("pemohon:12").
 * detail must not hold NIK, KK, mother's names or secrets. */
int audit_log(struct db *db, int64_t staf_id, const char *aksi, const char *objek,
	      const char *detail);

#endif
