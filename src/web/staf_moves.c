// SPDX-License-Identifier: MIT
// The table of the officer's text-only moves (approve, return, cancel, step, delivery choice, finish).
#include "web/staf_moves.h"

/* The domain calls in the shape of the table. */

static enum app_rc run_approve(struct db *db, const struct wf_actor *a, const char *kode, const char *const *in,
			       struct wf_out *out)
{
	return wf_approve(db, a, kode, in[0], out);
}

static enum app_rc run_return(struct db *db, const struct wf_actor *a, const char *kode, const char *const *in,
			      struct wf_out *out)
{
	return wf_return(db, a, kode, in[0], out);
}

static enum app_rc run_cancel(struct db *db, const struct wf_actor *a, const char *kode, const char *const *in,
			      struct wf_out *out)
{
	return wf_cancel(db, a, kode, in[0], out);
}

static enum app_rc run_step(struct db *db, const struct wf_actor *a, const char *kode, const char *const *in,
			    struct wf_out *out)
{
	return wf_step(db, a, kode, in[0], in[1], out);
}

static enum app_rc run_delivery(struct db *db, const struct wf_actor *a, const char *kode, const char *const *in,
				struct wf_out *out)
{
	return wf_set_delivery(db, a, kode, in[0], out);
}

static enum app_rc run_finish(struct db *db, const struct wf_actor *a, const char *kode, const char *const *in,
			      struct wf_out *out)
{
	return wf_finish(db, a, kode, in[0], in[1], out);
}

/* Approve, return and cancel are the verification queue's work: the page
 * goes back to it. */
#define QUEUE_VERIFIKASI "/staf/pengajuan?antrean=verifikasi"

const struct staf_move_def staf_moves[SM__MAX] = {
	[SM_SETUJUI] = {
		.form = "setujui", .move = MOVE_SETUJUI, .inputs = { "catatan", NULL }, .body_optional = 1,
		.run = run_approve, .names_kode = 1, .next = QUEUE_VERIFIKASI,
		.flash = "disetujui dan masuk antrean proses. Pemohon telah diberi tahu.",
	},
	[SM_KEMBALIKAN] = {
		.form = "kembalikan", .move = MOVE_KEMBALIKAN, .inputs = { "catatan", NULL },
		.run = run_return, .names_kode = 1, .next = QUEUE_VERIFIKASI,
		.flash = "dikembalikan kepada pemohon untuk diperbaiki. Pemohon telah diberi tahu.",
	},
	[SM_BATALKAN] = {
		.form = "batalkan", .move = MOVE_BATALKAN, .inputs = { "alasan", NULL },
		.run = run_cancel, .names_kode = 1, .next = QUEUE_VERIFIKASI,
		.flash = "dibatalkan. Pemohon telah diberi tahu alasannya.",
	},
	[SM_LANGKAH] = {
		.form = "langkah", .move = MOVE_PROSES, .inputs = { "langkah", "catatan", NULL },
		.run = run_step,
		.flash = "Langkah proses dicatat. Pemohon dapat melihatnya pada riwayat status.",
	},
	[SM_PILIHAN] = {
		.form = "pilihan", .move = MOVE_PROSES, .inputs = { "pilihan", NULL },
		.run = run_delivery,
		.flash = "Pilihan dokumen jadi disimpan.",
	},
	[SM_SELESAI] = {
		.form = "selesai", .move = MOVE_SELESAI, .inputs = { "cara", "catatan", NULL },
		.run = run_finish, .names_kode = 1,
		.flash = "selesai. Pemohon telah diberi tahu.",
	},
};
