// SPDX-License-Identifier: MIT
// Office settings edited by the admin (pengaturan), falling back to loket.ini.
#ifndef LOKET_SETTINGS_H
#define LOKET_SETTINGS_H

#include <jansson.h>

#include "store/db.h"

/* Overrides the members of a page context's "app" object (office, footer,
 * jam_layanan, logo) with the settings in force. Cheap: reads a snapshot
 * refreshed within a second of a change. */
void settings_ctx(struct db *db, json_t *app);

#endif
