// SPDX-License-Identifier: MIT
// libFuzzer harness: catalog definitions and application fields (catalog_check, app_check_isian, availability) on arbitrary JSON.
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <jansson.h>

#include "domain/application.h"
#include "domain/catalog.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define CHECK(cond) do { if (!(cond)) __builtin_trap(); } while (0)

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	json_t *j = json_loadb((const char *)data, size, 0, NULL);
	json_t *out, *errors;
	char err[256], why[400];
	int n;

	if (!j)
		return 0;
	/* the input as a definition, as its own values and as availability rules */
	catalog_check(j, err, sizeof err);
	out = json_object();
	errors = json_object();
	n = app_check_isian(j, json_object_get(j, "nilai"), 1795395600, out, errors);
	CHECK(n >= 0 && (size_t)n >= json_object_size(errors));
	/* a value is either stored or an error, never both */
	{
		const char *key;
		json_t *v;

		json_object_foreach(out, key, v) {
			char ek[64];

			snprintf(ek, sizeof ek, "isian.%s", key);
			CHECK(json_is_string(v));
			CHECK(!json_object_get(errors, ek));
		}
	}
	n = catalog_rules_open(json_object_get(j, "ketersediaan"), 1795395600, 5, why, sizeof why);
	CHECK(n == 0 || n == 1);
	CHECK(n == 1 ? why[0] == '\0' : why[0] != '\0');
	json_decref(out);
	json_decref(errors);
	json_decref(j);
	return 0;
}
