// SPDX-License-Identifier: MIT
// Signed documents (TTE) in a real browser: signed by the penandatangan, downloaded once, verified by anyone (the QR link and the PDF itself).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { startServer, chromiumArgs, assertFits, solveCaptcha, enrol, click, api as apiAt, apiOk as apiOkAt, apiCaptcha } from './server.mjs';

const top = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const bin = process.env.LOKET_BIN || join(top, 'build', 'loket');
const NIK = '3326071505900001';
const NAMA = 'Siti Aminah';
const PW = 'Feb1702.';
const STAF_PW = 'Penandatangan-2024';
const PASS = 'Rahasia-TTE-2024';      // the dev CA's signer passphrase
const LAYANAN = 'kk-hilang-rusak';    // a service whose result is a signed Kartu Keluarga
const fixture = readFileSync(join(top, 'tests', 'fixtures', 'pdf', 'siak.pdf'));

let srv;
let browser;

const api = (method, path, opts) => apiAt(srv.base, method, path, opts);
const apiOk = (want, method, path, opts) => apiOkAt(srv.base, want, method, path, opts);
const captcha = () => apiCaptcha(srv.base);

// ---- set-up through the JSON API (the journey under test is the browser's) ----

// An officer sharing the admin's one-time password; gantiPassword 0 for API use.
function addStaf(user, nama, role, gantiPassword) {
	srv.sql(`INSERT INTO staf (username, nama, password_hash, roles, aktif, ganti_password, created_at)
		SELECT '${user}', '${nama}', password_hash, '${role}', 1, ${gantiPassword}, created_at FROM staf WHERE username = 'admin'`);
}

async function stafToken(user, nama, role) {
	addStaf(user, nama, role, 0);
	return (await apiOk(201, 'POST', '/api/v1/staf/sesi', { body: { username: user, password: srv.adminPassword } })).token;
}

// A small JPEG drawn by the browser (the server decodes and re-encodes uploads).
async function jpeg(label) {
	const page = await browser.newPage();
	const data = await page.evaluate((text) => {
		const c = document.createElement('canvas');
		c.width = 640;
		c.height = 400;
		const g = c.getContext('2d');
		g.fillStyle = '#e8eef8';
		g.fillRect(0, 0, 640, 400);
		g.fillStyle = '#123';
		g.font = '40px sans-serif';
		g.fillText(text, 40, 100);
		return c.toDataURL('image/jpeg', 0.85).split(',')[1];
	}, label);
	await page.close();
	return Buffer.from(data, 'base64');
}

// An application of applicant NIK, approved, processed and with its Kartu
// Keluarga from SIAK attached: waiting in the signing queue. Its kode.
async function waitingForSignature() {
	await apiOk(201, 'POST', '/api/v1/pendaftaran', {
		body: {
			...(await captcha()), nik: NIK, nama: NAMA, no_kk: '3326071409230009', tempat_lahir: 'Pekalongan',
			tanggal_lahir: '1990-05-15', nama_ibu: 'Sri Wahyuni', kode_desa: '33.26.07.2008', no_hp: '081234567890',
			email: 'siti@example.com', password: PW,
		},
	});
	srv.sql(`UPDATE pemohon SET status = 'aktif' WHERE nik = '${NIK}'`);
	const token = (await apiOk(201, 'POST', '/api/v1/sesi', { body: { ...(await captcha()), nik: NIK, password: PW } })).token;
	const { kode } = await apiOk(201, 'POST', '/api/v1/pengajuan', {
		token,
		body: { layanan: LAYANAN, nik: NIK, nama: NAMA, detail: 'Kartu Keluarga saya hilang saat pindah rumah.', isian: { jenis: 'Hilang' } },
	});
	for (const jenis of ['ktp-el', 'formulir']) {
		const form = new FormData();
		form.append('jenis', jenis);
		form.append('tanggal', '2024-01-15');
		form.append('lembar', '1');
		form.append('file', new Blob([await jpeg(jenis)], { type: 'image/jpeg' }), `${jenis}.jpg`);
		await apiOk(201, 'POST', `/api/v1/pengajuan/${kode}/dokumen`, { token, form });
	}
	await apiOk(200, 'POST', `/api/v1/pengajuan/${kode}/kirim`, { token, body: { pilihan_dokumen_jadi: 'cetak_mandiri', setuju: true } });

	const ver = await stafToken('vera', 'Vera Verifikator', 'verifikator');
	const op = await stafToken('oki', 'Oki Operator', 'operator');
	await apiOk(200, 'POST', `/api/v1/staf/pengajuan/${kode}/setujui`, { token: ver, body: {} });
	await apiOk(200, 'POST', `/api/v1/staf/pengajuan/${kode}/langkah`, { token: op, body: { langkah: 'verifikasi-berkas' } });
	const form = new FormData();
	form.append('jenis', 'kartu-keluarga');
	form.append('file', new Blob([fixture], { type: 'application/pdf' }), 'kk-siak.pdf');
	await apiOk(201, 'POST', `/api/v1/staf/pengajuan/${kode}/dokumen-jadi`, { token: op, form });
	return kode;
}

before(async () => {
	srv = await startServer();
	browser = await chromium.launch({ executablePath: '/usr/bin/chromium', headless: true, args: chromiumArgs });
	// the development CA and signer certificate, in the server's DATA/tte
	execFileSync(bin, ['tte', 'dev-ca', '--nama', 'Kepala Dinas'],
		{ env: { ...process.env, LOKET_DATA_DIR: srv.dir, LOKET_TTE_PASSPHRASE: PASS }, stdio: 'ignore' });
	addStaf('kadis', 'Dr. Kepala Dinas', 'penandatangan', 1);
});

after(async () => {
	await browser?.close();
	await srv?.stop();
});

// A phone-sized page in a context of its own, recording console errors
// (the CSP would report inline code there).
async function newPage(errors) {
	const ctx = await browser.newContext({ viewport: { width: 360, height: 740 }, acceptDownloads: true });
	const page = await ctx.newPage();
	page.on('console', (m) => { if (m.type() === 'error') errors.push(`${page.url()}: ${m.text()}`); });
	page.on('pageerror', (e) => errors.push(`${page.url()}: ${e.message}`));
	return page;
}

test('TTE: signed in the browser, downloaded once, verified by an anonymous visitor', async () => {
	const errors = [];
	const kode = await waitingForSignature();

	// 1. the penandatangan's first login forces a new password, then enrolment
	const kadis = await newPage(errors);
	await kadis.goto(`${srv.base}/staf/login`);
	await kadis.fill('[name="username"]', 'kadis');
	await kadis.fill('[name="password"]', srv.adminPassword);
	await solveCaptcha(kadis);
	await click(kadis, kadis.locator('form:has([name="username"]) [type="submit"]'));
	await kadis.waitForURL('**/staf/password');
	await kadis.fill('[name="password_lama"]', srv.adminPassword);
	await kadis.fill('[name="password"]', STAF_PW);
	await kadis.fill('[name="password2"]', STAF_PW);
	await click(kadis, kadis.getByRole('button', { name: 'Simpan Kata Sandi' }));
	// a signer must enrol in two-factor login before anything else
	await kadis.waitForURL('**/staf/dua-langkah');
	await enrol(kadis);
	await click(kadis, kadis.getByRole('link', { name: 'Lanjut ke Beranda Petugas' }));
	await kadis.waitForURL(`${srv.base}/staf`);

	// 2. the application waits for the signature; a wrong passphrase signs nothing
	await kadis.goto(`${srv.base}/staf/pengajuan/${kode}`);
	assert.equal((await kadis.locator('#status-pengajuan').textContent()).trim(), 'Diproses');
	assert.equal(await kadis.locator('#dokumen-jadi .dokumen-jadi-item').count(), 1);
	assert.equal(await kadis.locator('#dokumen-jadi .verifikasi-link').count(), 0);
	await assertFits(kadis);
	await kadis.fill('#tte-passphrase', 'bukan-passphrase');
	await click(kadis, kadis.getByRole('button', { name: 'Tandatangani' }));
	assert.match(await kadis.locator('#form-tte .invalid-feedback').textContent(), /Passphrase salah/);
	assert.equal(await kadis.locator('#tte-passphrase').inputValue(), '');
	assert.equal((await kadis.locator('#status-pengajuan').textContent()).trim(), 'Diproses');

	// 3. the right passphrase signs it
	await kadis.fill('#tte-passphrase', PASS);
	await click(kadis, kadis.getByRole('button', { name: 'Tandatangani' }));
	await kadis.waitForURL(`${srv.base}/staf/pengajuan/${kode}#dokumen-jadi`);
	assert.match(await kadis.content(), new RegExp(`Dokumen jadi pengajuan ${kode} sudah ditandatangani`));
	assert.notEqual((await kadis.locator('#status-pengajuan').textContent()).trim(), 'Diproses');
	assert.equal(await kadis.locator('#form-tte').count(), 0);
	const link = kadis.locator('#dokumen-jadi a.verifikasi-link');
	const verifikasi = await link.getAttribute('href');
	assert.match(verifikasi, /^\/verifikasi\/[A-Za-z0-9_-]{16,}$/);
	assert.match(await link.textContent(), new RegExp(`${verifikasi}$`));
	await assertFits(kadis);

	// 4. the applicant logs in and downloads the signed Kartu Keluarga
	const pemohon = await newPage(errors);
	await pemohon.goto(`${srv.base}/pemohon/login`);
	await pemohon.fill('[name="nik"]', NIK);
	await pemohon.fill('[name="password"]', PW);
	await solveCaptcha(pemohon);
	await click(pemohon, pemohon.locator('form:has([name="nik"]) [type="submit"]').first());
	await pemohon.goto(`${srv.base}/pengajuan/${kode}`);
	const panel = pemohon.locator('#dokumen-ttd');
	assert.match(await panel.locator('.card-header').textContent(), /Pilihan Dokumen Jadi/);
	assert.match(await panel.textContent(), /Kartu Keluarga/);
	assert.match(await panel.textContent(), /hanya dapat diunduh 1 \(satu\) kali/);
	await assertFits(pemohon);
	const [download] = await Promise.all([
		pemohon.waitForEvent('download'),
		panel.getByRole('link', { name: 'Download' }).click(),
	]);
	assert.equal(await download.failure(), null);
	assert.match(download.suggestedFilename(), /\.pdf$/);
	const saved = join(srv.dir, 'unduhan.pdf');
	await download.saveAs(saved);
	const pdf = readFileSync(saved);
	assert.equal(pdf.subarray(0, 5).toString('latin1'), '%PDF-');
	assert.ok(pdf.length > fixture.length, `signed ${pdf.length} bytes, fixture ${fixture.length}`);
	assert.ok(pdf.subarray(0, fixture.length).equals(fixture), 'the signature is an incremental update of the SIAK file');

	// ... and after a reload the button is gone: "Sudah diunduh pada ..."
	// (the download counts once the server has handed it over whole)
	let badge = '';
	for (let i = 0; i < 40 && !/Sudah diunduh/.test(badge); i++) {
		if (i) await new Promise((r) => setTimeout(r, 100));
		await pemohon.reload();
		badge = (await panel.textContent()).replace(/\s+/g, ' ');
	}
	assert.match(badge, /Sudah diunduh pada \d/);
	assert.equal(await panel.getByRole('link', { name: 'Download' }).count(), 0);
	await assertFits(pemohon);

	// 5. anyone who scans the QR code sees a genuine, active document, name masked
	const tamu = await newPage(errors);
	const res = await tamu.goto(`${srv.base}${verifikasi}`);
	assert.equal(res.status(), 200);
	assert.match(await tamu.locator('#hasil-status').textContent(), /Dokumen asli dan berlaku/);
	assert.match(await tamu.locator('#hasil').getAttribute('class'), /border-success/);
	assert.equal((await tamu.locator('#hasil-nomor').textContent()).trim(), kode);
	assert.equal((await tamu.locator('#hasil-jenis').textContent()).trim(), 'Kartu Keluarga');
	assert.equal((await tamu.locator('#hasil-nama').textContent()).trim(), 'S*** A*****');
	assert.match(await tamu.locator('#hasil-penandatangan').textContent(), /Dr\. Kepala Dinas/);
	const publik = await tamu.content();
	assert.ok(!publik.includes(NAMA), 'the full name is not shown to visitors');
	assert.ok(!publik.includes(NIK), 'the NIK is not shown to visitors');
	await assertFits(tamu);
	// an unknown code reads "Dokumen tidak dikenal"
	const nope = await tamu.goto(`${srv.base}/verifikasi/${'A'.repeat(24)}`);
	assert.equal(nope.status(), 404);
	assert.match(await tamu.locator('#tidak-dikenal').textContent(), /Dokumen tidak dikenal/);
	// ... and, without logging in, checks the PDF they were given: the form
	// works without a session (a signed token in the loket_csrf cookie)
	await tamu.goto(`${srv.base}/verifikasi`);
	await tamu.setInputFiles('#file', saved);
	await click(tamu, tamu.locator('#form-verifikasi [type="submit"]'));
	assert.match(await tamu.locator('#hasil-file .card-header').textContent(), /File ini asli dan berlaku/);
	assert.match(await tamu.locator('#hasil-ttd').textContent(), /utuh dan sah/);
	assert.match(await tamu.locator('#hasil-file').textContent(), new RegExp(kode));
	await assertFits(tamu);
	const cookies = (await tamu.context().cookies()).map((c) => c.name);
	assert.deepEqual(cookies, ['loket_csrf'], 'a visitor gets no session');

	// 6. the second download is refused and says when the first one was
	const item = await pemohon.locator('#dokumen-ttd .dokumen-ttd-item').getAttribute('id');
	const unduh = `${srv.base}/pengajuan/${kode}/dokumen-jadi/${item.replace(/^ttd-/, '')}/unduh`;
	const again = await pemohon.goto(unduh);
	assert.equal(again.status(), 409);
	assert.match(await pemohon.locator('#unduh-ditolak').textContent(), /sudah diunduh pada \d/i);
	assert.match(await pemohon.locator('#dokumen-ttd').textContent(), /Sudah diunduh pada/);
	await assertFits(pemohon);

	// the only console errors are the refusals the test asked for
	const asked = [[`${srv.base}/staf/pengajuan/${kode}/tandatangani`, 422], [`${srv.base}/verifikasi/${'A'.repeat(24)}`, 404],
		[unduh, 409]].map(([u, st]) => `${u}: Failed to load resource: the server responded with a status of ${st} `);
	assert.deepEqual(errors.filter((e) => !asked.some((a) => e.startsWith(a))), []);
});
