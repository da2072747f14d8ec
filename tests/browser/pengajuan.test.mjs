// SPDX-License-Identifier: MIT
// The application journey of manual part C in a real browser: new Akta Kelahiran, documents, send, list, chat.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { chromium } from 'playwright-core';
import { startServer, chromiumArgs, solveCaptcha, assertFits, fillRegistration, click, photo } from './server.mjs';

const NIK = '3326071505900001';
const PW = 'Feb1702.';

let srv;
let browser;

before(async () => {
	srv = await startServer();
	browser = await chromium.launch({ executablePath: '/usr/bin/chromium', headless: true, args: chromiumArgs });
});

after(async () => {
	await browser?.close();
	await srv?.stop();
});

test('new Akta Kelahiran, upload and reuse documents, send, find it, chat', async () => {
	const ctx = await browser.newContext({ viewport: { width: 360, height: 740 } });
	const page = await ctx.newPage();
	const errors = [];
	page.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });

	// an active applicant (registration and activation have their own journey)
	await fillRegistration(page, srv.base, { nik: NIK, password: PW });
	await solveCaptcha(page);
	await click(page, page.locator('form:has([name="nik"]) [type="submit"]').first());
	srv.sql(`UPDATE pemohon SET status = 'aktif' WHERE nik = '${NIK}'`);
	await page.goto(`${srv.base}/pemohon/login`);
	await page.fill('[name="nik"]', NIK);
	await page.fill('[name="password"]', PW);
	await solveCaptcha(page);
	await click(page, page.locator('form:has([name="nik"]) [type="submit"]').first());

	// 1. "Baru" on the Home grid (Gambar 35)
	await page.goto(`${srv.base}/`);
	await click(page, page.locator('a[href="/pengajuan/baru/akta-kelahiran"]').first());
	assert.match(page.url(), /\/pengajuan\/baru\/akta-kelahiran$/);
	await assertFits(page);

	// 2. the form: common fields, then the service's own (Gambar 39)
	await page.fill('[name="nama"]', 'Bayi Aminah');
	await page.fill('[name="detail"]', 'Pengajuan Akta Kelahiran Baru, belum memiliki NIK.');
	await page.fill('[name="isian.tanggal_lahir"]', '2026-11-01');
	await page.fill('[name="isian.tempat_lahir"]', 'Kajen');
	await page.selectOption('[name="isian.jenis_kelamin"]', 'Perempuan');
	await page.selectOption('[name="isian.tempat_dilahirkan"]', 'RS/RB');
	await page.selectOption('[name="isian.jenis_kelahiran"]', 'Tunggal');
	await page.fill('[name="isian.anak_ke"]', '1');
	await page.selectOption('[name="isian.penolong_kelahiran"]', 'Bidan/Perawat');
	await page.fill('[name="isian.nama_ayah"]', 'Ahmad Fauzi');
	await page.fill('[name="isian.nik_ayah"]', '3326071203850003');
	await page.fill('[name="isian.nama_ibu"]', 'Siti Aminah');
	await page.fill('[name="isian.nik_ibu"]', '3326075508880004');
	await click(page, page.getByRole('button', { name: 'Proses Pengajuan' }));
	const kode = (await page.locator('#kode-pengajuan').textContent()).trim();
	assert.match(kode, /^AKL3326\d{4,}$/);
	assert.match(await page.content(), /Pengajuan Draft/);
	await assertFits(page);

	// on the list at 360 px the draft is a card: its code links to the
	// detail, and Detail and Hapus are on the screen, not off its right edge
	await page.goto(`${srv.base}/pengajuan`);
	await assertFits(page);
	const code = page.getByRole('link', { name: kode, exact: true });
	assert.equal(await code.getAttribute('href'), `/pengajuan/${kode}`);
	for (const control of [code, page.getByRole('link', { name: `Detail ${kode}` }), page.getByRole('button', { name: `Hapus ${kode}` })]) {
		const box = await control.boundingBox();
		assert.ok(box && box.x >= 0 && box.x + box.width <= 360, `${await control.textContent()} at ${JSON.stringify(box)}`);
	}
	await click(page, code);
	assert.match(page.url(), new RegExp(`/pengajuan/${kode}$`));

	// 3. Upload Baru for the KTP-el (Gambar 43)
	await click(page, page.locator('a[href$="/dokumen/ktp-elektronik"]'));
	await page.getByRole('tab', { name: 'Upload Baru' }).click();
	await page.setInputFiles('#file', { name: 'ktp-ayah.jpg', mimeType: 'image/jpeg', buffer: await photo(page) });
	await page.fill('#keterangan', 'KTP ayah');
	await assertFits(page);
	// the file goes up with a progress bar (static/js/unggah.js), then the
	// server's answer replaces the page
	await page.locator('#pane-baru button[type="submit"]').click();
	await page.waitForURL(new RegExp(`/pengajuan/${kode}#dokumen$`));
	await page.locator('#dokumen img.doc-thumb').first().waitFor();
	assert.equal(await page.locator('img.doc-thumb').count(), 1);

	// 4. the other required documents reuse that file (Pilih Dokumen Lama, Gambar 42)
	for (const jenis of ['surat-keterangan-kelahiran', 'buku-nikah', 'formulir']) {
		await click(page, page.locator(`a[href$="/dokumen/${jenis}"]`));
		await assertFits(page);
		await page.locator('#pane-lama input[name="dokumen_id"]').first().check();
		await click(page, page.locator('#pane-lama button[type="submit"]'));
	}
	assert.equal(await page.locator('img.doc-thumb').count(), 4);
	// the thumbnail is a real image served to its owner
	assert.ok(await page.locator('img.doc-thumb').first().evaluate((img) => img.naturalWidth > 0));

	// 5. send: delivery choice and consent (Gambar 45)
	await page.check('#pilihan-cetak_mandiri');
	await page.check('#setuju');
	await click(page, page.getByRole('button', { name: 'Kirim Pengajuan' }));
	assert.match(await page.content(), /Pengajuan Dikirim/);
	assert.equal(await page.getByRole('link', { name: 'Edit Pengajuan' }).count(), 0);
	// the notices are delivered by the jobs thread: wait for both
	let sent = [];
	for (let i = 0; i < 100 && sent.length < 2; i++) {
		sent = srv.outbox().filter((m) => m.body.includes(kode));
		if (sent.length < 2) await new Promise((r) => setTimeout(r, 50));
	}
	assert.equal(sent.length, 2, 'WhatsApp and e-mail notices');

	// 6. find it through the list filters (Gambar 46)
	await page.goto(`${srv.base}/pengajuan`);
	await page.selectOption('#f-layanan', 'akta-kelahiran');
	await page.selectOption('#f-status', 'DIKIRIM');
	await page.fill('#f-nama', 'aminah');
	await click(page, page.getByRole('button', { name: 'Filter Data' }));
	assert.equal(await page.locator('table.pengajuan-list tbody tr').count(), 1);
	assert.match(await page.locator('table.pengajuan-list tbody').textContent(), new RegExp(kode));
	await assertFits(page);
	await click(page, page.getByRole('link', { name: `Detail ${kode}` }));

	// 7. chat with the officers (Gambar 49)
	await page.fill('#isi', 'Apakah buku nikah perlu dilegalisir?');
	await click(page, page.getByRole('button', { name: 'Kirim Pesan' }));
	assert.match(await page.locator('#chat').textContent(), /Apakah buku nikah perlu dilegalisir\?/);
	await assertFits(page);
	assert.deepEqual(errors, []);
	await ctx.close();
});
