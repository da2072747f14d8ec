// SPDX-License-Identifier: MIT
// The route table: every URL the server answers, in one place.
#include "domain/audit.h"
#include "web/web.h"

#define GP (HTTP_GET | HTTP_POST)

static const struct route routes[] = {
	/* public */
	{ HTTP_GET, "/", page_home, 0 },
	{ HTTP_GET, "/persyaratan", page_persyaratan, 0 },
	{ HTTP_GET, "/persyaratan/{}", page_persyaratan, 0 },
	{ HTTP_GET, "/formulir", page_formulir, 0 },
	{ HTTP_GET, "/formulir/{}/unduh", page_formulir_unduh, 0 },
	{ HTTP_GET, "/informasi", page_informasi, 0 },
	{ HTTP_GET, "/informasi/{}", page_informasi_detail, 0 },
	{ HTTP_GET, "/katalog/contoh/{}", page_katalog_contoh, 0 },
	{ HTTP_GET, "/static/*", http_static, 0 },
	{ HTTP_GET, "/vendor/*", http_static, 0 },
	{ HTTP_GET, "/healthz", page_healthz, 0 },
	{ HTTP_GET, "/readyz", page_readyz, 0 },

	/* applicants: registration, status, activation */
	{ GP, "/pemohon/daftar", page_daftar, 0 },
	{ GP, "/pemohon/status", page_status, 0 },
	{ GP, "/pemohon/aktivasi/{}", page_aktivasi, 0 },

	/* applicants: login and account self-service */
	{ GP, "/pemohon/login", page_login, 0 },
	{ GP, "/pemohon/login/kode", page_login_kode, 0 },
	{ HTTP_POST, "/pemohon/logout", page_logout, 0 },
	{ HTTP_GET, "/pemohon/akun", page_akun, 0 },
	{ GP, "/pemohon/akun/hp", page_ganti_hp, 0 },
	{ GP, "/pemohon/akun/email", page_ganti_email, 0 },
	{ GP, "/pemohon/akun/password", page_ganti_password, 0 },
	{ GP, "/pemohon/mode", page_ganti_mode, 0 },
	{ GP, "/pemohon/lupa-password", page_lupa, 0 },
	{ GP, "/pemohon/reset/{}", page_reset, 0 },

	/* applicants: applications (pengajuan) */
	{ HTTP_GET, "/pengajuan", page_pengajuan_list, 0 },
	{ GP, "/pengajuan/baru/{}", page_pengajuan_baru, 0 },
	{ HTTP_GET, "/pengajuan/{}", page_pengajuan_detail, 0 },
	{ GP, "/pengajuan/{}/edit", page_pengajuan_edit, 0 },
	{ HTTP_POST, "/pengajuan/{}/hapus", page_pengajuan_hapus, 0 },
	{ HTTP_POST, "/pengajuan/{}/kirim", page_pengajuan_kirim, 0 },
	{ HTTP_POST, "/pengajuan/{}/chat", page_pengajuan_chat, 0 },
	{ GP, "/pengajuan/{}/dokumen/{}", page_dokumen_tambah, ROUTE_UPLOAD | ROUTE_FORM_413 },
	{ HTTP_POST, "/pengajuan/{}/berkas/{}/hapus", page_dokumen_hapus, 0 },
	{ HTTP_GET, "/dokumen/{}", page_dokumen_file, 0 },
	{ HTTP_GET, "/dokumen/{}/thumb", page_dokumen_thumb, 0 },

	/* staff */
	{ GP, "/staf/login", staf_login, 0 },
	{ HTTP_POST, "/staf/logout", staf_logout, 0 },
	{ GP, "/staf/password", staf_password, 0 },
	{ GP, "/staf/login/kode", staf_login_kode, 0 },
	{ GP, "/staf/dua-langkah", staf_dua_langkah, 0 },
	{ HTTP_POST, "/staf/dua-langkah/kode-pemulihan", staf_dua_langkah_kode_baru, 0 },
	{ HTTP_POST, "/staf/dua-langkah/nonaktif", staf_dua_langkah_nonaktif, 0 },
	{ HTTP_GET, "/staf", staf_dasbor, 0 },
	{ HTTP_GET, "/staf/pendaftaran", staf_pendaftaran_list, 0 },
	{ HTTP_GET, "/staf/pendaftaran/{}", staf_pendaftaran_detail, 0 },
	{ HTTP_POST, "/staf/pendaftaran/{}/setujui", staf_pendaftaran_setujui, 0 },
	{ HTTP_POST, "/staf/pendaftaran/{}/tolak", staf_pendaftaran_tolak, 0 },
	{ HTTP_POST, "/staf/pendaftaran/{}/kirim-ulang", staf_pendaftaran_kirim_ulang, 0 },
	{ HTTP_GET, "/staf/pesan", staf_pesan, 0 },

	/* staff: applications (staf_pengajuan.c) */
	{ HTTP_GET, "/staf/pengajuan", staf_pengajuan_list, 0 },
	{ HTTP_GET, "/staf/pengajuan/{}", staf_pengajuan_detail, 0 },
	{ HTTP_POST, "/staf/pengajuan/{}/ambil", staf_pengajuan_ambil, 0 },
	{ HTTP_POST, "/staf/pengajuan/{}/lepas", staf_pengajuan_lepas, 0 },
	{ HTTP_POST, "/staf/pengajuan/{}/setujui", staf_pengajuan_setujui, 0 },
	{ HTTP_POST, "/staf/pengajuan/{}/kembalikan", staf_pengajuan_kembalikan, 0 },
	{ HTTP_POST, "/staf/pengajuan/{}/batalkan", staf_pengajuan_batalkan, 0 },
	{ HTTP_POST, "/staf/pengajuan/{}/langkah", staf_pengajuan_langkah, 0 },
	{ HTTP_POST, "/staf/pengajuan/{}/pilihan", staf_pengajuan_pilihan, 0 },
	{ HTTP_POST, "/staf/pengajuan/{}/dokumen-jadi", staf_pengajuan_dokumen_jadi, ROUTE_UPLOAD | ROUTE_FORM_413 },
	{ HTTP_GET, "/staf/pengajuan/{}/dokumen-jadi/{}", staf_pengajuan_dokumen_jadi_file, 0 },
	{ HTTP_POST, "/staf/pengajuan/{}/dokumen-jadi/{}/hapus", staf_pengajuan_dokumen_jadi_hapus, 0 },
	{ HTTP_POST, "/staf/pengajuan/{}/selesai", staf_pengajuan_selesai, 0 },
	{ HTTP_POST, "/staf/pengajuan/{}/chat", staf_pengajuan_chat, 0 },
	{ HTTP_GET, "/staf/dokumen/{}", staf_dokumen_file, 0 },
	{ HTTP_GET, "/staf/dokumen/{}/thumb", staf_dokumen_thumb, 0 },

	/* staff: reports (staf_laporan.c) */
	{ HTTP_GET, "/staf/laporan", staf_laporan, 0 },
	{ HTTP_GET, "/staf/laporan/unduh", staf_laporan_unduh, 0 },

	/* staff: admin — staff accounts, settings, audit log (staf_admin.c) */
	{ HTTP_GET, "/staf/petugas", staf_petugas_list, 0 },
	{ GP, "/staf/petugas/baru", staf_petugas_baru, 0 },
	{ GP, "/staf/petugas/{}", staf_petugas_edit, 0 },
	{ HTTP_POST, "/staf/petugas/{}/nonaktif", staf_petugas_nonaktif, 0 },
	{ HTTP_POST, "/staf/petugas/{}/aktif", staf_petugas_aktif, 0 },
	{ HTTP_POST, "/staf/petugas/{}/reset-password", staf_petugas_reset, 0 },
	{ GP, "/staf/pengaturan", staf_pengaturan, ROUTE_UPLOAD | ROUTE_FORM_413 },
	{ HTTP_POST, "/staf/pengaturan/pesan-uji", staf_pengaturan_uji, 0 },
	{ HTTP_GET, "/staf/audit", staf_audit, 0 },
	{ HTTP_GET, "/logo", page_logo, 0 },

	/* staff: Grup Pemohon — list, form (admin), detail and members (staf_grup.c) */
	{ HTTP_GET, "/staf/grup", staf_grup_list, 0 },
	{ GP, "/staf/grup/baru", staf_grup_baru, 0 },
	{ HTTP_GET, "/staf/grup/{}", staf_grup_detail, 0 },
	{ GP, "/staf/grup/{}/ubah", staf_grup_ubah, 0 },
	{ HTTP_POST, "/staf/grup/{}/anggota", staf_grup_anggota, 0 },
	{ HTTP_POST, "/staf/grup/{}/anggota/{}/hapus", staf_grup_anggota_hapus, 0 },

	/* staff: admin — catalog, information, forms (staf_konten.c) */
	{ HTTP_GET, "/staf/layanan", staf_layanan_list, 0 },
	{ GP, "/staf/layanan/baru", staf_layanan_baru, 0 },
	{ GP, "/staf/layanan/{}", staf_layanan_edit, 0 },
	{ GP, "/staf/layanan/{}/dokumen", staf_layanan_dokumen, ROUTE_UPLOAD },
	{ GP, "/staf/layanan/{}/{}", staf_layanan_edit, 0 },
	{ HTTP_GET, "/staf/informasi", staf_informasi_list, 0 },
	{ GP, "/staf/informasi/baru", staf_informasi_baru, 0 },
	{ GP, "/staf/informasi/{}", staf_informasi_edit, 0 },
	{ HTTP_POST, "/staf/informasi/{}/akhiri", staf_informasi_akhiri, 0 },
	{ HTTP_GET, "/staf/formulir", staf_formulir_list, 0 },
	{ GP, "/staf/formulir/baru", staf_formulir_baru, ROUTE_UPLOAD | ROUTE_FORM_413 },
	{ GP, "/staf/formulir/{}", staf_formulir_edit, 0 },
	{ HTTP_POST, "/staf/formulir/{}/ganti", staf_formulir_ganti, ROUTE_UPLOAD | ROUTE_FORM_413 },
	{ HTTP_POST, "/staf/formulir/{}/hapus", staf_formulir_hapus, 0 },

	/* signed documents (TTE): signing, download, re-issue, revocation, public verification (tte.c) */
	{ HTTP_POST, "/staf/pengajuan/{}/tandatangani", staf_tte_tandatangani, 0 },
	{ HTTP_POST, "/staf/tte/tandatangani", staf_tte_tandatangani_banyak, 0 },
	{ HTTP_POST, "/staf/pengajuan/{}/terbitkan-ulang", staf_tte_terbitkan_ulang, 0 },
	{ HTTP_POST, "/staf/dokumen-jadi/{}/cabut", staf_tte_cabut, 0 },
	{ HTTP_GET, "/pengajuan/{}/dokumen-jadi/{}/unduh", page_pengajuan_unduh_ttd, 0 },
	{ GP, "/verifikasi", page_verifikasi, ROUTE_UPLOAD | ROUTE_FORM_413 },
	{ HTTP_GET, "/verifikasi/{}", page_verifikasi_kode, 0 },

	/* JSON API for the mobile app */
	{ HTTP_GET, "/api/v1/wilayah", api_wilayah, ROUTE_JSON },
	{ HTTP_GET, "/api/v1/captcha", api_captcha, ROUTE_JSON },
	{ HTTP_POST, "/api/v1/pendaftaran", api_pendaftaran, ROUTE_JSON },
	{ HTTP_POST, "/api/v1/pendaftaran/status", api_pendaftaran_status, ROUTE_JSON },
	{ HTTP_POST, "/api/v1/aktivasi", api_aktivasi, ROUTE_JSON },
	{ HTTP_POST | HTTP_DELETE, "/api/v1/sesi", api_sesi, ROUTE_JSON },
	{ HTTP_GET, "/api/v1/saya", api_saya, ROUTE_JSON },
	{ HTTP_GET, "/api/v1/saya/grup", api_saya_grup, ROUTE_JSON },
	{ HTTP_POST, "/api/v1/saya/mode", api_saya_mode, ROUTE_JSON },
	{ HTTP_POST, "/api/v1/lupa-password", api_lupa_password, ROUTE_JSON },
	{ HTTP_POST, "/api/v1/reset-password", api_reset_password, ROUTE_JSON },
	{ HTTP_POST | HTTP_DELETE, "/api/v1/staf/sesi", api_staf_sesi, ROUTE_JSON },
	{ HTTP_GET, "/api/v1/staf/pendaftaran", api_staf_pendaftaran, ROUTE_JSON },
	{ HTTP_POST, "/api/v1/staf/pendaftaran/{}/setujui", api_staf_setujui, ROUTE_JSON },
	{ HTTP_POST, "/api/v1/staf/pendaftaran/{}/tolak", api_staf_tolak, ROUTE_JSON },
	{ HTTP_POST, "/api/v1/staf/pengajuan/{}/chat", api_staf_chat, ROUTE_JSON },
	/* JSON API for staff: applications (api_staf_pengajuan.c) */
	{ HTTP_GET, "/api/v1/staf/dasbor", api_staf_dasbor, ROUTE_JSON },
	{ HTTP_GET, "/api/v1/staf/pengajuan", api_staf_pengajuan_list, ROUTE_JSON },
	{ HTTP_GET, "/api/v1/staf/pengajuan/{}", api_staf_pengajuan_detail, ROUTE_JSON },
	{ HTTP_POST, "/api/v1/staf/pengajuan/{}/ambil", api_staf_pengajuan_ambil, ROUTE_JSON },
	{ HTTP_POST, "/api/v1/staf/pengajuan/{}/lepas", api_staf_pengajuan_lepas, ROUTE_JSON },
	{ HTTP_POST, "/api/v1/staf/pengajuan/{}/setujui", api_staf_pengajuan_setujui, ROUTE_JSON },
	{ HTTP_POST, "/api/v1/staf/pengajuan/{}/kembalikan", api_staf_pengajuan_kembalikan, ROUTE_JSON },
	{ HTTP_POST, "/api/v1/staf/pengajuan/{}/batalkan", api_staf_pengajuan_batalkan, ROUTE_JSON },
	{ HTTP_POST, "/api/v1/staf/pengajuan/{}/langkah", api_staf_pengajuan_langkah, ROUTE_JSON },
	{ HTTP_POST, "/api/v1/staf/pengajuan/{}/pilihan", api_staf_pengajuan_pilihan, ROUTE_JSON },
	{ HTTP_POST, "/api/v1/staf/pengajuan/{}/selesai", api_staf_pengajuan_selesai, ROUTE_JSON },
	{ HTTP_POST, "/api/v1/staf/pengajuan/{}/dokumen-jadi", api_staf_dokumen_jadi, ROUTE_JSON | ROUTE_UPLOAD },
	{ HTTP_GET | HTTP_DELETE, "/api/v1/staf/pengajuan/{}/dokumen-jadi/{}", api_staf_dokumen_jadi_item, ROUTE_JSON },
	{ HTTP_GET, "/api/v1/staf/pengajuan/{}/chat", api_staf_pengajuan_chat_list, ROUTE_JSON },
	{ HTTP_GET, "/api/v1/staf/dokumen/{}/berkas", api_staf_dokumen_berkas, ROUTE_JSON },

	/* JSON API for staff: reports (staf_laporan.c) */
	{ HTTP_GET, "/api/v1/staf/laporan", api_staf_laporan, ROUTE_JSON },

	/* JSON API: signed documents (api_tte.c) */
	{ HTTP_GET, "/api/v1/staf/tte", api_staf_tte, ROUTE_JSON },
	{ HTTP_POST, "/api/v1/staf/pengajuan/{}/tandatangani", api_staf_tandatangani, ROUTE_JSON },
	{ HTTP_POST, "/api/v1/staf/pengajuan/{}/terbitkan-ulang", api_staf_terbitkan_ulang, ROUTE_JSON },
	{ HTTP_POST, "/api/v1/staf/dokumen/{}/cabut", api_staf_cabut, ROUTE_JSON },
	{ HTTP_GET, "/api/v1/pengajuan/{}/dokumen-jadi/{}/unduh", api_pengajuan_unduh_ttd, ROUTE_JSON },
	{ HTTP_GET, "/api/v1/verifikasi/{}", api_verifikasi, ROUTE_JSON },
	{ HTTP_POST, "/api/v1/verifikasi", api_verifikasi_berkas, ROUTE_JSON | ROUTE_UPLOAD },

	/* JSON API for staff: Grup Pemohon (api_staf_grup.c) */
	{ HTTP_GET | HTTP_POST, "/api/v1/staf/grup", api_staf_grup, ROUTE_JSON },
	{ HTTP_GET | HTTP_PUT, "/api/v1/staf/grup/{}", api_staf_grup_item, ROUTE_JSON },
	{ HTTP_GET | HTTP_POST, "/api/v1/staf/grup/{}/anggota", api_staf_grup_anggota, ROUTE_JSON },
	{ HTTP_DELETE, "/api/v1/staf/grup/{}/anggota/{}", api_staf_grup_anggota_item, ROUTE_JSON },

	/* JSON API for staff: audit log (staf_admin.c) */
	{ HTTP_GET, "/api/v1/staf/audit", api_staf_audit, ROUTE_JSON },

	{ HTTP_GET, "/api/v1/layanan", api_layanan_list, ROUTE_JSON },
	{ HTTP_GET, "/api/v1/layanan/{}", api_layanan_detail, ROUTE_JSON },
	{ HTTP_GET, "/api/v1/informasi", api_informasi, ROUTE_JSON },
	{ HTTP_GET | HTTP_POST, "/api/v1/pengajuan", api_pengajuan, ROUTE_JSON },
	{ HTTP_GET | HTTP_PUT | HTTP_DELETE, "/api/v1/pengajuan/{}", api_pengajuan_item, ROUTE_JSON },
	{ HTTP_POST, "/api/v1/pengajuan/{}/dokumen", api_pengajuan_dokumen, ROUTE_JSON | ROUTE_UPLOAD },
	{ HTTP_DELETE, "/api/v1/pengajuan/{}/dokumen/{}", api_pengajuan_dokumen_hapus, ROUTE_JSON },
	{ HTTP_POST, "/api/v1/pengajuan/{}/kirim", api_pengajuan_kirim, ROUTE_JSON },
	{ HTTP_GET | HTTP_POST, "/api/v1/pengajuan/{}/chat", api_pengajuan_chat, ROUTE_JSON },
	{ HTTP_GET, "/api/v1/dokumen", api_dokumen, ROUTE_JSON },
	{ HTTP_GET, "/api/v1/dokumen/{}/berkas", api_dokumen_berkas, ROUTE_JSON },
};

/*
 * Every state-changing browser request carries a CSRF token: the
 * session's, or without a session the signed token that is also in the
 * loket_csrf cookie (web_csrf_ok). The JSON API authenticates with bearer
 * tokens only (no cookies), so it has nothing a cross-site form could ride
 * on.
 */
static int before(struct req *r, const struct route *rt)
{
	audit_origin(r->client_ip);
	if (rt->flags & ROUTE_JSON)
		return 1;
	if (r->method != HTTP_POST)
		return 1;
	if (web_csrf_ok(r))
		return 1;
	http_error(r, 403, "Formulir sudah kedaluwarsa atau tidak sah. Muat ulang halaman, lalu kirim kembali.");
	return 0;
}

const struct http_hooks web_hooks = {
	.routes = routes,
	.nroutes = sizeof routes / sizeof routes[0],
	.error = web_error,
	.before = before,
};
