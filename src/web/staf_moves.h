// SPDX-License-Identifier: MIT
// The officer's moves on an application that take only text inputs, one table for the pages and the JSON API.
#ifndef LOKET_STAF_MOVES_H
#define LOKET_STAF_MOVES_H

#include "domain/workflow.h"

enum staf_move { SM_SETUJUI, SM_KEMBALIKAN, SM_BATALKAN, SM_LANGKAH, SM_PILIHAN, SM_SELESAI, SM__MAX };

#define STAF_MOVE_INPUTS 2

/*
 * One move. The page (staf_pengajuan.c) reads the inputs from its form,
 * the API (api_staf_pengajuan.c) from the JSON body; both check the role
 * with wf_may(move) and let run (the domain) decide the rest.
 */
struct staf_move_def {
	const char *form;                          /* its form on the application screen */
	enum app_move move;                        /* the role it needs */
	const char *inputs[STAF_MOVE_INPUTS + 1];  /* form fields and JSON members, NULL-terminated */
	int body_optional;                         /* API: may come without a body */
	/* the domain call, with the inputs in the order above (NULL: not given) */
	enum app_rc (*run)(struct db *db, const struct wf_actor *a, const char *kode, const char *const *in,
			   struct wf_out *out);
	/* the page after a success: the flash (after "Pengajuan KODE " when
	 * names_kode) and where to go (NULL: back to the application) */
	const char *flash;
	int names_kode;
	const char *next;
};

extern const struct staf_move_def staf_moves[SM__MAX];

#endif
