// SPDX-License-Identifier: MIT
// The back office in a real browser: Sinkronisasi Data sent, returned, fixed, approved, processed and finished.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { chromium } from 'playwright-core';
import { startServer, chromiumArgs, solveCaptcha, assertFits, click, photo } from './server.mjs';

const NIK = '3326071505900001';
const PW = 'Feb1702.';
const STAF_PW = 'Petugas-2024';

let srv;
let browser;

before(async () => {
	srv = await startServer();
	browser = await chromium.launch({ executablePath: '/usr/bin/chromium', headless: true, args: chromiumArgs });
	// two officers beside the admin, sharing the admin's one-time password
	// (set-up only: staff accounts have their own pages and tests)
	for (const [user, nama, role] of [['vera', 'Vera Verifikator', 'verifikator'], ['oki', 'Oki Operator', 'operator']]) {
		srv.sql(`INSERT INTO staf (username, nama, password_hash, roles, aktif, ganti_password, created_at)
			SELECT '${user}', '${nama}', password_hash, '${role}', 1, 1, created_at FROM staf WHERE username = 'admin'`);
	}
});

after(async () => {
	await browser?.close();
	await srv?.stop();
});

// A page that records console errors (the CSP would report inline code there).
async function newPage(errors) {
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
	await page.waitForURL('**/staf/password');
	await page.fill('[name="password_lama"]', srv.adminPassword);
	await page.fill('[name="password"]', STAF_PW);
	await page.fill('[name="password2"]', STAF_PW);
	await click(page, page.getByRole('button', { name: 'Simpan Kata Sandi' }));
	await page.waitForURL(`${srv.base}/staf`);
	assert.match(await page.locator('h1').textContent(), /Beranda Petugas/);
	await assertFits(page);
}

async function uploadNew(page, jenis, label) {
	await click(page, page.locator(`a[href$="/dokumen/${jenis}"]`));
	await page.getByRole('tab', { name: 'Upload Baru' }).click();
	await page.setInputFiles('#file', { name: `${jenis}.jpg`, mimeType: 'image/jpeg', buffer: await photo(page, label) });
	// the file goes up by XHR with a progress bar (unggah.js); wait for the answer
	await page.locator('#pane-baru button[type="submit"]').click();
	await page.waitForURL(/\/pengajuan\/[A-Z0-9]+#dokumen$/);
}

async function status(page) {
	return (await page.locator('#status-pengajuan').textContent()).trim();
}

test('Sinkronisasi Data: sent, returned, fixed, approved, processed, finished', async () => {
	const errors = [];
	const pemohon = await newPage(errors);
	const vera = await newPage(errors);
	const oki = await newPage(errors);

	// 1. an active applicant sends Sinkronisasi Data
	await pemohon.goto(`${srv.base}/pemohon/daftar`);
	await pemohon.fill('[name="nik"]', NIK);
	await pemohon.fill('[name="nama"]', 'Siti Aminah');
	await pemohon.fill('[name="no_kk"]', '3326071409230009');
	await pemohon.fill('[name="tempat_lahir"]', 'Pekalongan');
	await pemohon.fill('[name="tanggal_lahir"]', '15-05-1990');
	await pemohon.fill('[name="nama_ibu"]', 'Sri Wahyuni');
	await pemohon.selectOption('[name="provinsi"]', '33');
	await pemohon.waitForSelector('[name="kabupaten"] option[value="33.26"]', { state: 'attached' });
	await pemohon.selectOption('[name="kabupaten"]', '33.26');
	await pemohon.waitForSelector('[name="kecamatan"] option[value="33.26.07"]', { state: 'attached' });
	await pemohon.selectOption('[name="kecamatan"]', '33.26.07');
	await pemohon.waitForSelector('[name="kode_desa"] option[value="33.26.07.2008"]', { state: 'attached' });
	await pemohon.selectOption('[name="kode_desa"]', '33.26.07.2008');
	await pemohon.fill('[name="no_hp"]', '081234567890');
	await pemohon.fill('[name="email"]', 'siti@example.com');
	await pemohon.fill('[name="password"]', PW);
	await pemohon.fill('[name="password2"]', PW);
	await solveCaptcha(pemohon);
	await click(pemohon, pemohon.locator('form:has([name="nik"]) [type="submit"]').first());
	srv.sql(`UPDATE pemohon SET status = 'aktif' WHERE nik = '${NIK}'`);
	await pemohon.goto(`${srv.base}/pemohon/login`);
	await pemohon.fill('[name="nik"]', NIK);
	await pemohon.fill('[name="password"]', PW);
	await solveCaptcha(pemohon);
	await click(pemohon, pemohon.locator('form:has([name="nik"]) [type="submit"]').first());

	await pemohon.goto(`${srv.base}/pengajuan/baru/sinkronisasi-data`);
	await pemohon.fill('[name="nik"]', NIK);
	await pemohon.fill('[name="nama"]', 'Siti Aminah');
	await pemohon.fill('[name="detail"]', 'Data saya tidak terbaca di BPJS Kesehatan.');
	await pemohon.fill('[name="isian.permasalahan_data"]', 'NIK tidak ditemukan di BPJS.');
	await click(pemohon, pemohon.getByRole('button', { name: 'Proses Pengajuan' }));
	const kode = (await pemohon.locator('#kode-pengajuan').textContent()).trim();
	assert.match(kode, /^SND3326\d{4,}$/);
	await uploadNew(pemohon, 'foto-kartu-keluarga', 'KARTU KELUARGA');
	await uploadNew(pemohon, 'foto-ktp-el', 'KTP-el');
	assert.equal(await pemohon.locator('img.doc-thumb').count(), 2);
	await pemohon.check('#setuju');
	await click(pemohon, pemohon.getByRole('button', { name: 'Kirim Pengajuan' }));
	assert.match(await pemohon.content(), />Baru</);  // Sinkronisasi Data's own word for DIKIRIM

	// 2. the verifier finds it in the queue, looks at the documents and returns it
	await staffLogin(vera, 'vera');
	assert.equal((await vera.locator('[data-antrean="verifikasi"]').textContent()).trim(), '1');
	await click(vera, vera.locator('a.nav-link[href="/staf/pengajuan?antrean=verifikasi"]'));
	await assertFits(vera);
	await click(vera, vera.getByRole('link', { name: `Buka pengajuan ${kode}` }));
	assert.equal(await status(vera), 'Baru');
	assert.match(await vera.locator('#data').textContent(), /NIK tidak ditemukan di BPJS\./);
	await assertFits(vera);
	// the viewer: open the first document, zoom and rotate it, close it
	const thumb = vera.locator('#dokumen a[data-viewer]').first();
	assert.ok(await thumb.locator('img').evaluate((img) => img.naturalWidth > 0));
	await thumb.click();
	await vera.locator('#viewer').waitFor({ state: 'visible' });
	await vera.locator('#viewer-img').evaluate((img) => img.complete || new Promise((r) => { img.onload = r; }));
	assert.ok(await vera.locator('#viewer-img').evaluate((img) => img.naturalWidth > 0));
	await vera.getByRole('button', { name: 'Perbesar' }).click();
	await vera.getByRole('button', { name: 'Perbesar' }).click();
	assert.equal(await vera.locator('#viewer').getAttribute('data-zoom'), '1.56');
	await vera.getByRole('button', { name: 'Putar ke kanan' }).click();
	assert.equal(await vera.locator('#viewer').getAttribute('data-rotate'), '90');
	assert.match(await vera.locator('#viewer-img').evaluate((img) => img.style.transform), /rotate\(90deg\)/);
	await vera.getByRole('button', { name: 'Dokumen berikutnya' }).click();
	assert.equal(await vera.locator('#viewer').getAttribute('data-rotate'), '0');
	assert.match(await vera.locator('#viewer-title').textContent(), /KTP-El/);
	await vera.keyboard.press('Escape');
	await vera.locator('#viewer').waitFor({ state: 'hidden' });
	// take it, then return it with what to fix
	await click(vera, vera.getByRole('button', { name: 'Ambil' }));
	assert.match(await vera.locator('#ditangani').textContent(), /sedang ditangani oleh Vera Verifikator \(Anda\)/);
	await vera.fill('#kembalikan-catatan', 'Tuliskan nama instansi dan nomor kepesertaan BPJS pada Permasalahan Data.');
	await click(vera, vera.getByRole('button', { name: 'Kembalikan' }));
	assert.match(vera.url(), /\/staf\/pengajuan\?antrean=verifikasi$/);
	assert.match(await vera.content(), new RegExp(`Pengajuan ${kode} dikembalikan`));

	// 3. the applicant fixes it and sends it again
	await pemohon.goto(`${srv.base}/pengajuan/${kode}`);
	assert.match(await pemohon.content(), /Dikembalikan untuk Diperbaiki/);
	assert.match(await pemohon.locator('#riwayat').textContent(), /nomor kepesertaan BPJS/);
	await click(pemohon, pemohon.getByRole('link', { name: 'Edit Pengajuan' }));
	await pemohon.fill('[name="isian.permasalahan_data"]', 'NIK tidak ditemukan di BPJS Kesehatan, nomor kepesertaan 0001234567890.');
	await click(pemohon, pemohon.getByRole('button', { name: 'Simpan Perubahan' }));
	await pemohon.fill('#isi', 'Sudah saya perbaiki, mohon dicek kembali.');
	await click(pemohon, pemohon.getByRole('button', { name: 'Kirim Pesan' }));
	await pemohon.check('#setuju');
	await click(pemohon, pemohon.getByRole('button', { name: 'Kirim Pengajuan' }));
	assert.match(await pemohon.content(), />Baru</);  // Sinkronisasi Data's own word for DIKIRIM

	// 4. the verifier sees what changed, answers in the chat and approves
	await vera.goto(`${srv.base}/staf/pengajuan/${kode}`);
	const changed = await vera.locator('#perubahan').textContent();
	assert.match(changed, /Permasalahan Data/);
	assert.match(changed, /NIK tidak ditemukan di BPJS\./);
	assert.match(changed, /nomor kepesertaan 0001234567890/);
	assert.match(await vera.locator('#chat').textContent(), /Sudah saya perbaiki/);
	await assertFits(vera);
	await vera.fill('#isi', 'Terima kasih, data sudah lengkap.');
	await click(vera, vera.getByRole('button', { name: 'Kirim Balasan' }));
	assert.match(await vera.locator('#chat').textContent(), /Terima kasih, data sudah lengkap\./);
	await vera.fill('#setujui-catatan', 'Berkas lengkap.');
	await click(vera, vera.getByRole('button', { name: 'Setujui' }));
	assert.match(await vera.content(), new RegExp(`Pengajuan ${kode} disetujui`));

	// 5. the operator records both steps
	await staffLogin(oki, 'oki');
	await click(oki, oki.locator('a.nav-link[href="/staf/pengajuan?antrean=proses"]'));
	await click(oki, oki.getByRole('link', { name: `Buka pengajuan ${kode}` }));
	assert.equal(await status(oki), 'Disetujui');
	await assertFits(oki);
	await oki.selectOption('#langkah-kode', 'konsolidasi-manual');
	await oki.fill('#langkah-catatan', 'Konsolidasi manual dikirim ke Ditjen Dukcapil.');
	await click(oki, oki.getByRole('button', { name: 'Catat Langkah' }));
	assert.equal(await status(oki), 'Diproses');
	await oki.selectOption('#langkah-kode', 'sinkronisasi-dwh');
	await oki.fill('#langkah-catatan', 'Sinkronisasi DWH berhasil.');
	await click(oki, oki.getByRole('button', { name: 'Catat Langkah' }));
	assert.equal(await oki.locator('#langkah .langkah-catat').count(), 2);

	// 6. no document to hand over: it is finished straight from DIPROSES
	await oki.selectOption('#cara', 'tanpa_dokumen');
	await oki.fill('#selesai-catatan', 'Silakan cek kembali data Anda di BPJS Kesehatan.');
	await click(oki, oki.getByRole('button', { name: 'Selesai' }));
	assert.equal(await status(oki), 'Selesai');
	assert.equal(await oki.locator('#tanpa-aksi').count(), 1);
	await assertFits(oki);

	// ... and the applicant sees the whole timeline and the chat
	await pemohon.goto(`${srv.base}/pengajuan/${kode}`);
	const timeline = (await pemohon.locator('#riwayat li').allTextContents()).map((t) => t.replace(/\s+/g, ' '));
	const steps = ['Baru', 'Dikembalikan untuk Diperbaiki', 'Baru', 'Disetujui', 'Diproses',
		'Diproses', 'Selesai'];
	let at = 0;
	for (const t of timeline) if (at < steps.length && t.includes(steps[at])) at++;
	assert.equal(at, steps.length, `timeline: ${timeline.join(' | ')}`);
	const all = timeline.join(' ');
	assert.match(all, /Konsolidasi Manual/);
	assert.match(all, /Sinkronisasi DWH/);
	assert.match(all, /Silakan cek kembali data Anda di BPJS Kesehatan/);
	const chat = await pemohon.locator('#chat').textContent();
	assert.match(chat, /Sudah saya perbaiki/);
	assert.match(chat, /Terima kasih, data sudah lengkap\./);
	await assertFits(pemohon);
	assert.deepEqual(errors, []);
});
