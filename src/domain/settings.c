// SPDX-License-Identifier: MIT
// Office settings edited by the admin (pengaturan), falling back to loket.ini.
#include "domain/settings.h"

void settings_ctx(struct db *db, json_t *app)
{
	(void)db;
	(void)app;
}
