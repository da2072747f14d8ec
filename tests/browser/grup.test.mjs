// SPDX-License-Identifier: MIT
// Grup Pemohon on a 360 px phone (manual B.4, Tabel 2): the admin makes a school group and raises an applicant into
// it; the member switches to the group's mode and applies for Pandu Ceria for a student of another family; the
// officers process it; the notices reach the student's number; back in personal mode the group's application is gone.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { chromium } from 'playwright-core';
import { startServer, chromiumArgs, solveCaptcha, assertFits, click, photo, enrol, apiOk, apiCaptcha } from './server.mjs';

const PW = 'Feb1702.';
const STAF_PW = 'Petugas-Grup-2024';
const GURU = { nik: '3326074505850006', nama: 'Rina Wulandari', hp: '081234500006' };
const SISWA = { nik: '3326074403090005', nama: 'Aisyah Putri', kk: '3326071409230099', hp: '0812 7777 6666', email: 'aisyah@example.com' };
const SISWA_WA = '6281277776666';
const GRUP = 'SMA Negeri 1 Kajen';

let srv;
let browser;

before(async () => {
	srv = await startServer({ LOKET_LOGIN_MAX_IP: '1000' });
	browser = await chromium.launch({ executablePath: '/usr/bin/chromium', headless: true, args: chromiumArgs });
	for (const [user, nama, role] of [['vera', 'Vera Verifikator', 'verifikator'], ['oki', 'Oki Operator', 'operator']]) {
		srv.sql(`INSERT INTO staf (username, nama, password_hash, roles, aktif, ganti_password, created_at)
			SELECT '${user}', '${nama}', password_hash, '${role}', 1, 0, created_at FROM staf WHERE username = 'admin'`);
	}
	// the teacher who will apply for the school: an active account (registration has its own tests)
	await apiOk(srv.base, 201, 'POST', '/api/v1/pendaftaran', {
		body: {
			...(await apiCaptcha(srv.base)), nik: GURU.nik, nama: GURU.nama, no_kk: '3326071409230010', tempat_lahir: 'Pekalongan',
			tanggal_lahir: '1985-05-05', nama_ibu: 'Sri Wahyuni', kode_desa: '33.26.07.2008', no_hp: GURU.hp,
			email: 'rina@example.com', password: PW,
		},
	});
	srv.sql(`UPDATE pemohon SET status = 'aktif' WHERE nik = '${GURU.nik}'`);
});

after(async () => {
	await browser?.close();
	await srv?.stop();
});

async function phone(errors) {
	const ctx = await browser.newContext({ viewport: { width: 360, height: 740 } });
	const page = await ctx.newPage();
	page.on('console', (m) => { if (m.type() === 'error') errors.push(`${page.url()}: ${m.text()}`); });
	page.on('pageerror', (e) => errors.push(`${page.url()}: ${e.message}`));
	return page;
}

async function staffLogin(page, user) {
	await page.goto(`${srv.base}/staf/login`);
	await page.fill('[name="username"]', user);
	await page.fill('[name="password"]', srv.adminPassword);
	await solveCaptcha(page);
	await click(page, page.locator('form:has([name="username"]) [type="submit"]'));
}

async function upload(page, jenis, label) {
	await click(page, page.locator(`a[href$="/dokumen/${jenis}"]`));
	await page.getByRole('tab', { name: 'Upload Baru' }).click();
	await page.setInputFiles('#file', { name: `${jenis}.jpg`, mimeType: 'image/jpeg', buffer: await photo(page, label) });
	await page.locator('#pane-baru button[type="submit"]').click();
	await page.waitForURL(/\/pengajuan\/[A-Z0-9]+#dokumen$/);
}

// The outbox messages matching pred once at least `least` are delivered
// (the jobs thread delivers them a moment after the move).
async function delivered(pred, what, least = 1) {
	let hits = [];
	for (let i = 0; i < 200 && hits.length < least; i++) {
		hits = srv.outbox().filter(pred);
		if (hits.length < least) await new Promise((r) => setTimeout(r, 50));
	}
	assert.ok(hits.length >= least, `${what}: ${hits.map((m) => m.subject).join(' | ')}`);
	return hits;
}

const mode = async (page) => (await page.locator('.mode-label').first().textContent()).trim();

test('a school group applies for a student on a phone, the student hears of it, personal mode does not see it', async () => {
	const errors = [];

	// 1. the admin creates a school group and raises the teacher into it
	const admin = await phone(errors);
	await staffLogin(admin, 'admin');
	await admin.waitForURL('**/staf/password');
	await admin.fill('[name="password_lama"]', srv.adminPassword);
	await admin.fill('[name="password"]', STAF_PW);
	await admin.fill('[name="password2"]', STAF_PW);
	await click(admin, admin.getByRole('button', { name: 'Simpan Kata Sandi' }));
	await admin.waitForURL('**/staf/dua-langkah');
	await enrol(admin);
	await admin.goto(`${srv.base}/staf/grup/baru`);
	await admin.fill('#nama', GRUP);
	await admin.selectOption('#jenis', 'sekolah');
	await admin.fill('#wilayah', '33.26.07');
	await admin.check('#layanan-pandu-ceria');
	await admin.check('#aktif');
	await assertFits(admin);
	await click(admin, admin.getByRole('button', { name: 'Simpan Grup Baru' }));
	assert.match(admin.url(), /\/staf\/grup\/\d+$/);
	await admin.fill('#nik', GURU.nik);
	await click(admin, admin.getByRole('button', { name: 'Tambah Anggota' }));
	assert.match(await admin.locator('main').textContent(), new RegExp(GURU.nama));
	await assertFits(admin);
	await delivered((m) => m.to === '6281234500006' && m.body.includes(GRUP), 'the teacher is told by WhatsApp');

	// 2. the teacher switches to the group's mode and applies for a student
	const guru = await phone(errors);
	await guru.goto(`${srv.base}/pemohon/login`);
	await guru.fill('[name="nik"]', GURU.nik);
	await guru.fill('[name="password"]', PW);
	await solveCaptcha(guru);
	await click(guru, guru.locator('form:has([name="nik"]) [type="submit"]').first());
	assert.equal(await mode(guru), 'Pemohon');
	await click(guru, guru.locator('header a[href="/pemohon/mode"]'));
	await assertFits(guru);
	await click(guru, guru.getByRole('button', { name: `Pilih mode grup ${GRUP}` }));
	assert.match(await mode(guru), new RegExp(`^${GRUP} — Kec\\. `));
	// Home offers the school's special service with Baru
	const lainnya = guru.locator('section[aria-labelledby="home-lainnya"]');
	await click(guru, lainnya.getByRole('link', { name: 'Pengajuan baru Pandu Ceria' }));
	await assertFits(guru);
	await guru.fill('#nik', SISWA.nik);
	await guru.fill('#nama', SISWA.nama);
	await guru.fill('#no_kk', SISWA.kk);
	await guru.fill('#no_hp', SISWA.hp);
	await guru.fill('#email', SISWA.email);
	await guru.selectOption('#kode_desa', '33.26.07.2008');
	await guru.fill('#detail', 'Perekaman KTP-el siswa kelas XII yang sudah berusia 17 tahun.');
	await guru.selectOption('[name="isian.jenis_layanan"]', 'Perekaman KTP-el');
	await guru.fill('[name="isian.nama_sekolah"]', GRUP);
	await guru.fill('[name="isian.kelas"]', 'XII IPA 1');
	await guru.fill('[name="isian.tanggal_lahir"]', '2009-03-04');
	await click(guru, guru.getByRole('button', { name: 'Proses Pengajuan' }));
	const kode = (await guru.locator('#kode-pengajuan').textContent()).trim();
	assert.match(kode, /^PDC3326\d{4,}$/);
	await upload(guru, 'kartu-keluarga', 'KARTU KELUARGA');
	await upload(guru, 'surat-keterangan-siswa', 'SURAT KETERANGAN');
	await assertFits(guru);
	await guru.check('#setuju');
	await click(guru, guru.getByRole('button', { name: 'Kirim Pengajuan' }));
	assert.match(await guru.content(), /Pengajuan Dikirim/);

	// 3. the officers: the verifier sees who applied, in which mode, and approves; the operator records a step
	const vera = await phone(errors);
	await staffLogin(vera, 'vera');
	await vera.goto(`${srv.base}/staf/pengajuan?antrean=verifikasi`);
	assert.match(await vera.locator('main').textContent(), new RegExp(`Grup: ${GRUP}`));
	await click(vera, vera.getByRole('link', { name: `Buka pengajuan ${kode}` }));
	const screen = await vera.locator('main').textContent();
	assert.match(screen, new RegExp(GURU.nama));
	assert.match(screen, new RegExp(GRUP));
	await assertFits(vera);
	await click(vera, vera.getByRole('button', { name: 'Ambil' }));
	await vera.fill('#setujui-catatan', 'Data siswa sesuai.');
	await click(vera, vera.getByRole('button', { name: 'Setujui' }));
	const oki = await phone(errors);
	await staffLogin(oki, 'oki');
	await oki.goto(`${srv.base}/staf/pengajuan/${kode}`);
	await oki.selectOption('#langkah-kode', { index: 1 });
	await oki.fill('#langkah-catatan', 'Diverifikasi dan divalidasi.');
	await click(oki, oki.getByRole('button', { name: 'Catat Langkah' }));
	assert.equal((await oki.locator('#status-pengajuan').textContent()).trim(), 'Diproses');

	// 4. the notices reach the student's own number, and the teacher's
	await delivered((m) => m.to === SISWA_WA && m.body.includes(kode), 'sent, approved, processed reach the student', 3);
	await delivered((m) => m.to === SISWA.email && m.body.includes(kode), 'and the student\'s e-mail', 3);
	await delivered((m) => m.to === '6281234500006' && m.body.includes(kode), 'and the teacher', 3);

	// 5. back in personal mode the group's application is not listed, and cannot be opened
	await guru.goto(`${srv.base}/pemohon/mode`);
	await click(guru, guru.getByRole('button', { name: 'Pilih Pemohon Pribadi' }));
	assert.equal(await mode(guru), 'Pemohon');
	await guru.goto(`${srv.base}/pengajuan`);
	assert.doesNotMatch(await guru.locator('main').textContent(), new RegExp(kode));
	const res = await guru.goto(`${srv.base}/pengajuan/${kode}`);
	assert.equal(res.status(), 404);
	// in the group's mode again, it is there
	await guru.goto(`${srv.base}/pemohon/mode`);
	await click(guru, guru.getByRole('button', { name: `Pilih mode grup ${GRUP}` }));
	await guru.goto(`${srv.base}/pengajuan`);
	assert.match(await guru.locator('main').textContent(), new RegExp(kode));
	await assertFits(guru);
	assert.deepEqual(errors.filter((e) => !/status of 404/.test(e)), []);
});
