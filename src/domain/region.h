// SPDX-License-Identifier: MIT
// Kemendagri regions: provinsi, kabupaten/kota, kecamatan, desa/kelurahan.
#ifndef LOKET_REGION_H
#define LOKET_REGION_H

#include <jansson.h>

#include "store/db.h"

/* Imports provinces.csv, regencies.csv, districts.csv and villages.csv
 * (idn-area-data layout) from dir in one transaction; rows already present
 * are updated. Prints counts to stdout. 0 or -1 with a message on stderr. */
int region_import(struct db *db, const char *dir);
/* Children of parent ("" or NULL: provinces; "33": regencies; "33.26":
 * districts; "33.26.07": villages) as [{"kode","nama"}]; NULL for a
 * malformed parent code. Caller owns the result. */
json_t *region_children(struct db *db, const char *parent);
/* The same list as compact JSON text, cached for the life of the process
 * (regions change only through import-regions, done offline); NULL for a
 * malformed parent code. The string is never freed. */
const char *region_children_json(struct db *db, const char *parent);
/* 1 when kode is a known village code (NN.NN.NN.NNNN). */
int region_village_exists(struct db *db, const char *kode);
/* Fills names of a village's province/regency/district/village as a JSON
 * object {provinsi, kabupaten, kecamatan, desa, kode_*}; NULL when unknown. */
json_t *region_describe(struct db *db, const char *village);

#endif
