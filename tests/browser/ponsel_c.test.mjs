// SPDX-License-Identifier: MIT
// Manual part C on a 360x740 phone (issue 13): Pengajuan Baru, Cek Pengajuan and Dokumen TTE, with the
// supporting-documents panel stacked per document type and the upload's camera input, size check and progress bar.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { startServer, chromiumArgs, solveCaptcha, fillRegistration, enrol, click, photo, api as apiAt, apiCaptcha } from './server.mjs';
import { layoutFaults, pageFaults } from './a11y.mjs';

const top = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const bin = process.env.LOKET_BIN || join(top, 'build', 'loket');
const fixture = readFileSync(join(top, 'tests', 'fixtures', 'pdf', 'siak.pdf'));
const PW = 'Feb1702.';
const STAF_PW = 'Penandatangan-2024';
const PASS = 'Rahasia-TTE-2024';      // the dev CA's signer passphrase
const PHONE = { width: 360, height: 740 };
const UPLOAD_MAX = 1048576;           // limits.upload_max of this server: small, so a file over it is quick to hand over

let srv;
let browser;

// the JSON of an answer that must succeed
async function api(method, path, opts) {
	const r = await apiAt(srv.base, method, path, opts);
	assert.ok(r.status < 300, `${method} ${path}: ${r.status} ${JSON.stringify(r.json)}`);
	return r.json;
}
const captcha = () => apiCaptcha(srv.base);

before(async () => {
	srv = await startServer({ LOKET_UPLOAD_MAX: String(UPLOAD_MAX) });
	browser = await chromium.launch({ executablePath: '/usr/bin/chromium', headless: true, args: chromiumArgs });
	execFileSync(bin, ['tte', 'dev-ca', '--nama', 'Kepala Dinas'],
		{ env: { ...process.env, LOKET_DATA_DIR: srv.dir, LOKET_TTE_PASSPHRASE: PASS }, stdio: 'ignore' });
});

after(async () => {
	await browser?.close();
	await srv?.stop();
});

// ---- helpers ----

// An officer sharing the admin's one-time password; gantiPassword 0 for API use.
function addStaf(user, nama, role, gantiPassword) {
	srv.sql(`INSERT INTO staf (username, nama, password_hash, roles, aktif, ganti_password, created_at)
		SELECT '${user}', '${nama}', password_hash, '${role}', 1, ${gantiPassword}, created_at FROM staf WHERE username = 'admin'`);
}

async function stafToken(user, nama, role) {
	addStaf(user, nama, role, 0);
	return (await api('POST', '/api/v1/staf/sesi', { body: { username: user, password: srv.adminPassword } })).token;
}

async function newPage(errors, viewport = PHONE) {
	const ctx = await browser.newContext({ viewport, acceptDownloads: true });
	const page = await ctx.newPage();
	page.on('console', (m) => { if (m.type() === 'error') errors.push(`${page.url()}: ${m.text()}`); });
	page.on('pageerror', (e) => errors.push(`${page.url()}: ${e.message}`));
	return page;
}

// No sideways scroll, no squeezed text: the resident's page at this step fits the phone.
async function fits(page, step) {
	assert.deepEqual(await layoutFaults(page), [], `${step}: ${page.url()}`);
}

async function login(page, nik) {
	await page.goto(`${srv.base}/pemohon/login`);
	await page.fill('[name="nik"]', nik);
	await page.fill('[name="password"]', PW);
	await solveCaptcha(page);
	await click(page, page.locator('form:has([name="nik"]) [type="submit"]').first());
}

// An active applicant with a draft Akta Kelahiran made through the API; its kode.
async function draftThroughApi(nik) {
	await api('POST', '/api/v1/pendaftaran', {
		body: {
			...(await captcha()), nik, nama: 'Siti Aminah', no_kk: '3326071409230009', tempat_lahir: 'Pekalongan',
			tanggal_lahir: '1990-05-15', nama_ibu: 'Sri Wahyuni', kode_desa: '33.26.07.2008', no_hp: '081234567890',
			email: 'siti@example.com', password: PW,
		},
	});
	srv.sql(`UPDATE pemohon SET status = 'aktif' WHERE nik = '${nik}'`);
	const token = (await api('POST', '/api/v1/sesi', { body: { ...(await captcha()), nik, password: PW } })).token;
	const { kode } = await api('POST', '/api/v1/pengajuan', {
		token,
		body: {
			layanan: 'akta-kelahiran', nik: '', nama: 'Bayi Aminah', detail: 'Akta kelahiran baru.',
			isian: {
				tanggal_lahir: '2026-11-01', tempat_lahir: 'Kajen', jenis_kelamin: 'Perempuan', tempat_dilahirkan: 'RS/RB',
				jenis_kelahiran: 'Tunggal', anak_ke: '1', penolong_kelahiran: 'Bidan/Perawat', nama_ayah: 'Ahmad Fauzi',
				nik_ayah: '3326071203850003', nama_ibu: 'Siti Aminah', nik_ibu: '3326075508880004',
			},
		},
	});
	return { kode, token };
}

// Records every percentage the upload's progress bar shows (the page is
// replaced by the server's answer when the upload is over).
const progress = new WeakMap();
async function recordProgress(page) {
	if (!progress.has(page)) {
		const box = { seen: [] };
		await page.exposeFunction('__unggahPersen', (p) => { box.seen.push(p); });
		progress.set(page, box);
	}
	const seen = [];
	progress.get(page).seen = seen;
	await page.evaluate(() => {
		new MutationObserver(() => {
			const el = document.querySelector('.unggah-persen');
			if (el && el.textContent) window.__unggahPersen(el.textContent);
		}).observe(document.body, { subtree: true, childList: true, characterData: true });
	});
	return seen;
}

// Uploads through the progress-bar path; returns the percentages shown.
async function uploadNew(page, kode, jenis, input, file) {
	await click(page, page.locator(`#dokumen a[href$="/dokumen/${jenis}"]`));
	await page.getByRole('tab', { name: 'Upload Baru' }).click();
	await fits(page, `Upload Baru ${jenis}`);
	await page.setInputFiles(input, file);
	const seen = await recordProgress(page);
	await page.locator('#pane-baru button[type="submit"]').click();
	await page.waitForURL(new RegExp(`/pengajuan/${kode}#dokumen$`));
	await page.locator(`#jenis-${jenis} img.doc-thumb`).first().waitFor();
	return seen;
}

// The supporting-documents panel stacks per document type on a phone.
async function assertStacked(page) {
	const blocks = await page.locator('#dokumen .data-dukung-jenis').evaluateAll((els) =>
		els.map((el) => ({ id: el.id, width: el.getBoundingClientRect().width })));
	assert.ok(blocks.length >= 4, `${blocks.length} document types`);
	for (const b of blocks) assert.ok(b.width >= 300, `${b.id} is ${b.width}px wide`);
	const vw = await page.evaluate(() => document.documentElement.clientWidth);
	for (const box of await page.locator('#dokumen a.tambah-dokumen').evaluateAll((els) =>
		els.map((el) => { const r = el.getBoundingClientRect(); return { left: r.left, right: r.right, width: r.width }; }))) {
		assert.ok(box.left >= 0 && box.right <= vw && box.width > 0, `Tambah Dokumen at ${JSON.stringify(box)} in ${vw}px`);
	}
}

// ---- the journey ----

test('manual part C at 360 px: new application, upload (camera, progress bar), send, Cek Pengajuan, chat, Dokumen TTE', async () => {
	const NIK = '3326071505900001';
	const errors = [];
	const page = await newPage(errors);

	// an active applicant (registration and activation have their own journey)
	await fillRegistration(page, srv.base, { nik: NIK, password: PW });
	await solveCaptcha(page);
	await click(page, page.locator('form:has([name="nik"]) [type="submit"]').first());
	srv.sql(`UPDATE pemohon SET status = 'aktif' WHERE nik = '${NIK}'`);
	await login(page, NIK);

	// C.1 Pengajuan Baru: "Baru" on the Home grid (Gambar 35)
	await page.goto(`${srv.base}/`);
	await fits(page, 'Home');
	await click(page, page.locator('a[href="/pengajuan/baru/akta-kelahiran"]').first());
	assert.match(page.url(), /\/pengajuan\/baru\/akta-kelahiran$/);
	await fits(page, 'Pengajuan Baru');

	// a. the form (Gambar 39)
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
	await fits(page, 'Detail Pengajuan (draft)');
	await assertStacked(page);

	// b. Upload Data Dukung: the KTP-el photographed with the camera input, the
	// birth certificate picked as a file; both with the progress bar to 100 %
	let seen = await uploadNew(page, kode, 'ktp-elektronik', '#foto',
		{ name: '20261207_101500.jpg', mimeType: 'image/jpeg', buffer: await photo(page, 'KTP-el') });
	assert.ok(seen.includes('100%'), `progress shown: ${seen.join(' ')}`);
	assert.ok(seen.every((p, i) => i === 0 || parseInt(p, 10) >= parseInt(seen[i - 1], 10)), `progress goes up: ${seen.join(' ')}`);
	assert.match(await page.locator('main').textContent(), /Dokumen berhasil ditambahkan/);
	await fits(page, 'after the camera upload');
	seen = await uploadNew(page, kode, 'surat-keterangan-kelahiran', '#file',
		{ name: 'surat-keterangan-lahir.jpg', mimeType: 'image/jpeg', buffer: await photo(page, 'SKL') });
	assert.ok(seen.includes('100%'), `progress shown: ${seen.join(' ')}`);
	// the other required documents reuse a file (Pilih Dokumen Lama, Gambar 42)
	for (const jenis of ['buku-nikah', 'formulir']) {
		await click(page, page.locator(`#dokumen a[href$="/dokumen/${jenis}"]`));
		await fits(page, `Pilih Dokumen Lama ${jenis}`);
		await page.locator('#pane-lama input[name="dokumen_id"]').first().check();
		await click(page, page.locator('#pane-lama button[type="submit"]'));
	}
	assert.equal(await page.locator('#dokumen img.doc-thumb').count(), 4);
	assert.ok(await page.locator('#dokumen img.doc-thumb').first().evaluate((img) => img.naturalWidth > 0));
	await fits(page, 'Data Dukung complete');
	await assertStacked(page);

	// c. Kirim Pengajuan (Gambar 45)
	await page.check('#pilihan-cetak_mandiri');
	await page.check('#setuju');
	await click(page, page.getByRole('button', { name: 'Kirim Pengajuan' }));
	assert.match(await page.content(), /Pengajuan Dikirim/);
	assert.equal(await page.locator('#dokumen a.tambah-dokumen').count(), 0, 'a sent application cannot be changed');
	assert.equal(await page.locator('#dokumen form[action*="/berkas/"]').count(), 0);
	await fits(page, 'sent');

	// C.2 Cek Pengajuan: the list, then the detail, the status and the chat (Gambar 46-49)
	await page.goto(`${srv.base}/pengajuan`);
	await fits(page, 'Cek Pengajuan');
	assert.match(await page.locator('main').textContent(), new RegExp(kode));
	await click(page, page.locator(`main a[href="/pengajuan/${kode}"]`).first());
	assert.match(page.url(), new RegExp(`/pengajuan/${kode}$`));
	assert.match(await page.locator('#riwayat').textContent(), /Pengajuan Dikirim/);
	await page.fill('#isi', 'Apakah buku nikah perlu dilegalisir?');
	await click(page, page.getByRole('button', { name: 'Kirim Pesan' }));
	assert.match(await page.locator('#chat').textContent(), /Apakah buku nikah perlu dilegalisir\?/);
	await fits(page, 'chat');

	// the officers approve and process it (the back office has its own journeys) ...
	const ver = await stafToken('vera', 'Vera Verifikator', 'verifikator');
	const op = await stafToken('oki', 'Oki Operator', 'operator');
	await api('POST', `/api/v1/staf/pengajuan/${kode}/setujui`, { token: ver, body: {} });
	await api('POST', `/api/v1/staf/pengajuan/${kode}/langkah`, { token: op, body: { langkah: 'verifikasi-berkas' } });
	const form = new FormData();
	form.append('jenis', 'kutipan-akta-kelahiran');
	form.append('file', new Blob([fixture], { type: 'application/pdf' }), 'akta-siak.pdf');
	await api('POST', `/api/v1/staf/pengajuan/${kode}/dokumen-jadi`, { token: op, form });

	// ... and the penandatangan signs it in the browser, at a desk
	addStaf('kadis', 'Dr. Kepala Dinas', 'penandatangan', 1);
	const kadis = await newPage(errors, { width: 1280, height: 800 });
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
	await kadis.waitForURL('**/staf/dua-langkah');
	await enrol(kadis);
	await kadis.goto(`${srv.base}/staf/pengajuan/${kode}`);
	await kadis.fill('#tte-passphrase', PASS);
	await click(kadis, kadis.getByRole('button', { name: 'Tandatangani' }));
	await kadis.waitForURL(`${srv.base}/staf/pengajuan/${kode}#dokumen-jadi`);
	assert.match(await kadis.content(), new RegExp(`Dokumen jadi pengajuan ${kode} sudah ditandatangani`));

	// C.3 Dokumen TTE: found from the list, downloaded once (Gambar 50/51)
	await page.goto(`${srv.base}/pengajuan`);
	await fits(page, 'Cek Pengajuan (signed)');
	await click(page, page.locator(`main a[href="/pengajuan/${kode}"]`).first());
	const panel = page.locator('#dokumen-ttd');
	assert.match(await panel.textContent(), /Kutipan Akta Kelahiran/);
	assert.match(await panel.textContent(), /hanya dapat diunduh 1 \(satu\) kali/);
	await fits(page, 'Dokumen TTE');
	const [download] = await Promise.all([
		page.waitForEvent('download'),
		panel.getByRole('link', { name: 'Download' }).click(),
	]);
	assert.equal(await download.failure(), null);
	assert.match(download.suggestedFilename(), /\.pdf$/);
	const saved = join(srv.dir, 'akta-unduhan.pdf');
	await download.saveAs(saved);
	assert.equal(readFileSync(saved).subarray(0, 5).toString('latin1'), '%PDF-');
	let text = '';
	for (let i = 0; i < 40 && !/Sudah diunduh/.test(text); i++) {
		if (i) await new Promise((r) => setTimeout(r, 100));
		await page.reload();
		text = (await panel.textContent()).replace(/\s+/g, ' ');
	}
	assert.match(text, /Sudah diunduh pada \d/);
	assert.equal(await panel.getByRole('link', { name: 'Download' }).count(), 0);
	await fits(page, 'Dokumen TTE downloaded');
	assert.deepEqual(errors, []);
});

// ---- the upload's checks in the browser ----

test('upload on a phone: the camera input, and a file over the limit or of another type is refused before any request', async () => {
	const NIK = '3326071505900002';
	const { kode } = await draftThroughApi(NIK);
	const errors = [];
	const page = await newPage(errors);
	await login(page, NIK);
	await page.goto(`${srv.base}/pengajuan/${kode}/dokumen/ktp-elektronik`);
	await page.getByRole('tab', { name: 'Upload Baru' }).click();
	await fits(page, 'Upload Baru');

	// the form tells the page the server's limit; two labelled inputs: the picker and the camera
	const form = page.locator('#pane-baru form');
	assert.equal(await form.getAttribute('data-max-bytes'), String(UPLOAD_MAX));
	const foto = page.getByLabel('Ambil Foto');
	assert.equal(await foto.getAttribute('type'), 'file');
	assert.equal(await foto.getAttribute('capture'), 'environment');
	assert.equal(await foto.getAttribute('accept'), 'image/*');
	const berkas = page.getByLabel('Pilih Berkas');
	assert.equal(await berkas.getAttribute('capture'), null);
	assert.match(await berkas.getAttribute('accept'), /\.jpg/);
	// both can be reached with the keyboard
	await page.locator('#keterangan').focus();
	await page.keyboard.press('Shift+Tab'); // lembar
	await page.keyboard.press('Shift+Tab'); // tanggal
	let focused = '';
	for (let i = 0; i < 6 && focused !== 'file'; i++) {
		await page.keyboard.press('Shift+Tab');
		focused = await page.evaluate(() => document.activeElement.id);
	}
	assert.equal(focused, 'file', 'Pilih Berkas is reached by Tab');
	await page.focus('#file');
	await page.keyboard.press('Tab');
	assert.equal(await page.evaluate(() => document.activeElement.id), 'foto', 'Ambil Foto follows it');

	const posts = [];
	page.on('request', (req) => { if (req.method() === 'POST') posts.push(req.url()); });

	// 1. nothing chosen
	await page.locator('#pane-baru button[type="submit"]').click();
	await assert.doesNotReject(page.locator('#file-pesan').waitFor({ state: 'visible' }));
	assert.match(await page.locator('#file-pesan').textContent(), /Pilih file dokumen atau ambil foto/);

	// 2. one byte over the limit: told at once, in Indonesian, with the limit
	await page.setInputFiles('#file', { name: 'scan-besar.jpg', mimeType: 'image/jpeg', buffer: Buffer.alloc(UPLOAD_MAX + 1, 0xff) });
	const pesan = page.locator('#file-pesan');
	await pesan.waitFor({ state: 'visible' });
	assert.match(await pesan.textContent(), /Ukuran file "scan-besar\.jpg" 1,1 MB, melebihi batas 1 MB/);
	assert.equal(await page.locator('#file').getAttribute('aria-invalid'), 'true');
	assert.match(await page.locator('#file').getAttribute('aria-describedby'), /file-pesan/);
	// ... and Simpan sends nothing
	await page.locator('#pane-baru button[type="submit"]').click();
	await page.waitForTimeout(300);
	assert.match(await pesan.textContent(), /melebihi batas 1 MB/);
	assert.equal(await page.evaluate(() => document.activeElement.id), 'file');
	assert.equal(await page.locator('.unggah-progres:not([hidden])').count(), 0);

	// 3. a type the server does not take, from the camera's gallery
	await page.setInputFiles('#foto', { name: 'IMG_0001.heic', mimeType: 'image/heic', buffer: Buffer.from('not really heic') });
	assert.match(await pesan.textContent(), /Jenis file "IMG_0001\.heic" tidak dapat diunggah\. Pilih file berformat jpg, jpeg, png atau jfif/);
	assert.equal(await page.locator('#file').evaluate((i) => i.files.length), 0, 'one file per upload: the picker was cleared');
	assert.equal(await page.locator('#foto').getAttribute('aria-invalid'), 'true');
	await page.locator('#pane-baru button[type="submit"]').click();
	await page.waitForTimeout(300);
	assert.deepEqual(posts, [], 'no request for a file the server would refuse');
	assert.deepEqual(await pageFaults(page), [], 'Upload Baru with a message: axe and layout');

	// 4. a good photo clears the message and goes up
	await page.setInputFiles('#foto', { name: 'ktp.jpg', mimeType: 'image/jpeg', buffer: await photo(page, 'KTP') });
	assert.equal(await pesan.isVisible(), false);
	assert.equal(await page.locator('#foto').getAttribute('aria-invalid'), null);
	await page.locator('#pane-baru button[type="submit"]').click();
	await page.waitForURL(new RegExp(`/pengajuan/${kode}#dokumen$`));
	await page.locator('#jenis-ktp-elektronik img.doc-thumb').waitFor();
	assert.equal(posts.length, 1);
	assert.deepEqual(errors, []);
});

test('upload: the server\'s refusal comes back as the form with its message', async () => {
	const NIK = '3326071505900003';
	const { kode } = await draftThroughApi(NIK);
	const errors = [];
	const page = await newPage(errors);
	await login(page, NIK);
	await page.goto(`${srv.base}/pengajuan/${kode}/dokumen/ktp-elektronik`);
	await page.getByRole('tab', { name: 'Upload Baru' }).click();
	// a .jpg that is not a JPEG passes the browser's check; the server refuses it
	await page.setInputFiles('#file', { name: 'palsu.jpg', mimeType: 'image/jpeg', buffer: Buffer.from('GIF89a not a jpeg at all') });
	await page.fill('#keterangan', 'KTP ibu');
	await page.locator('#pane-baru button[type="submit"]').click();
	await page.locator('#file-error').waitFor();
	assert.match(await page.locator('#file-error').textContent(), /Ekstensi file tidak sesuai/);
	assert.match(page.url(), new RegExp(`/pengajuan/${kode}/dokumen/ktp-elektronik$`));
	assert.equal(await page.locator('#keterangan').inputValue(), 'KTP ibu', 'what was typed is kept');
	await fits(page, 'refused upload');
	assert.equal(await page.locator('#file').getAttribute('aria-invalid'), 'true');
	// the page the answer became still works: a new file clears the old message, and goes up
	await page.setInputFiles('#file', { name: 'ktp.jpg', mimeType: 'image/jpeg', buffer: await photo(page, 'KTP') });
	assert.equal(await page.locator('#file-error').isVisible(), false);
	assert.equal(await page.locator('#file').getAttribute('aria-invalid'), null);
	assert.doesNotMatch(await page.locator('#file').getAttribute('aria-describedby') ?? '', /file-error/);
	await page.locator('#pane-baru button[type="submit"]').click();
	await page.waitForURL(new RegExp(`/pengajuan/${kode}#dokumen$`));
	await page.locator('#jenis-ktp-elektronik img.doc-thumb').waitFor();
	const refused = `${srv.base}/pengajuan/${kode}/dokumen/ktp-elektronik: Failed to load resource: the server responded with a status of 422`;
	assert.deepEqual(errors.filter((e) => !e.startsWith(refused)), []);
});

test('upload: Batalkan unggahan stops a slow upload and gives the form back', async () => {
	const NIK = '3326071505900007';
	const { kode } = await draftThroughApi(NIK);
	const errors = [];
	const page = await newPage(errors);
	await login(page, NIK);
	await page.goto(`${srv.base}/pengajuan/${kode}/dokumen/ktp-elektronik?tab=baru`);
	// the network holds the upload: it never reaches the server
	let held = 0;
	await page.route('**/dokumen/ktp-elektronik', (route) => {
		if (route.request().method() !== 'POST') return route.continue();
		held++;
		return new Promise(() => {});
	});
	await page.setInputFiles('#foto', { name: 'ktp.jpg', mimeType: 'image/jpeg', buffer: await photo(page, 'KTP') });
	await page.locator('#pane-baru button[type="submit"]').click();
	const batal = page.getByRole('button', { name: 'Batalkan unggahan' });
	await batal.waitFor();
	assert.equal(await page.locator('#pane-baru button[type="submit"]').isDisabled(), true, 'no second upload meanwhile');
	assert.equal(await page.locator('.unggah-progres progress').isVisible(), true);
	await batal.click();
	await page.locator('#file-pesan').waitFor({ state: 'visible' });
	assert.match(await page.locator('#file-pesan').textContent(), /Unggahan dibatalkan/);
	assert.equal(await page.locator('.unggah-progres').isVisible(), false);
	assert.equal(await page.locator('#pane-baru button[type="submit"]').isDisabled(), false);
	assert.equal(await page.evaluate(() => document.activeElement.id), 'foto');
	assert.equal(held, 1);
	await page.unrouteAll({ behavior: 'ignoreErrors' });
	await page.goto(`${srv.base}/pengajuan/${kode}`);
	assert.equal(await page.locator('#dokumen .file-item').count(), 0, 'nothing stored');
	assert.deepEqual(errors.filter((e) => !/ERR_FAILED|net::/.test(e)), []);
});

test('the supporting-documents panel: stacked at 360 px, three columns at 1280 px', async () => {
	const NIK = '3326071505900004';
	const { kode, token } = await draftThroughApi(NIK);
	const page0 = await browser.newPage();
	const jpg = await photo(page0, 'DOK');
	await page0.close();
	for (const [jenis, name] of [['ktp-elektronik', 'IMG_20261207_123456.jpg'], ['buku-nikah', 'buku-nikah-hal-1.jpg'],
		['buku-nikah', 'buku-nikah-hal-2.jpg']]) {
		const form = new FormData();
		form.append('jenis', jenis);
		form.append('tanggal', '2024-01-15');
		form.append('lembar', '1');
		form.append('keterangan', 'Scan dokumen asli');
		form.append('file', new Blob([jpg], { type: 'image/jpeg' }), name);
		await api('POST', `/api/v1/pengajuan/${kode}/dokumen`, { token, form });
	}
	const errors = [];
	const page = await newPage(errors);
	await login(page, NIK);
	await page.goto(`${srv.base}/pengajuan/${kode}`);
	assert.deepEqual(await pageFaults(page), [], 'detail at 360: axe and layout');
	await assertStacked(page);
	// each type in order: name with its wajib badge, description, example, files, Tambah Dokumen
	const ktp = page.locator('#jenis-ktp-elektronik');
	const order = await ktp.evaluate((el) => ['h3', 'p', '.data-dukung-contoh img', '.file-item', 'a.tambah-dokumen']
		.map((s) => el.querySelector(s).getBoundingClientRect().top));
	assert.deepEqual([...order].sort((a, b) => a - b), order, `stacked top to bottom: ${order}`);
	assert.match(await ktp.locator('h3').textContent(), /KTP Elektronik\s+wajib/);
	assert.equal(await page.locator('#jenis-buku-nikah .file-item').count(), 2);
	assert.equal(await page.locator('#jenis-buku-nikah .file-item button', { hasText: 'Hapus' }).count(), 2);
	assert.match(await page.locator('#jenis-formulir').textContent(), /Belum ada file/);
	// every Hapus carries the CSRF token
	for (const f of await page.locator('#dokumen form[action*="/berkas/"]').all())
		assert.ok((await f.locator('input[name="csrf"]').getAttribute('value')).length > 10);

	// Hapus removes one file of the two
	page.once('dialog', (d) => d.accept());
	await click(page, page.locator('#jenis-buku-nikah .file-item button').first());
	assert.equal(await page.locator('#jenis-buku-nikah .file-item').count(), 1);

	// at a desk: name, example and files side by side
	await page.setViewportSize({ width: 1280, height: 800 });
	assert.deepEqual(await pageFaults(page), [], 'detail at 1280: axe and layout');
	const cols = await ktp.evaluate((el) => ['.data-dukung-nama', '.data-dukung-contoh', '.data-dukung-file']
		.map((s) => Math.round(el.querySelector(s).getBoundingClientRect().top)));
	assert.equal(new Set(cols).size, 1, `one row at 1280 px: ${cols}`);
	assert.equal(await page.locator('.data-dukung-kepala').isVisible(), true);
	assert.deepEqual(errors, []);
});

test('staff: the finished-document upload checks the size first and shows its progress', async () => {
	const NIK = '3326071505900005';
	const { kode, token } = await draftThroughApi(NIK);
	const page0 = await browser.newPage();
	const jpg = await photo(page0, 'DOK');
	await page0.close();
	for (const jenis of ['ktp-elektronik', 'surat-keterangan-kelahiran', 'buku-nikah', 'formulir']) {
		const form = new FormData();
		form.append('jenis', jenis);
		form.append('tanggal', '2024-01-15');
		form.append('lembar', '1');
		form.append('file', new Blob([jpg], { type: 'image/jpeg' }), `${jenis}.jpg`);
		await api('POST', `/api/v1/pengajuan/${kode}/dokumen`, { token, form });
	}
	await api('POST', `/api/v1/pengajuan/${kode}/kirim`, { token, body: { pilihan_dokumen_jadi: 'cetak_mandiri', setuju: true } });
	const ver = await stafToken('vivi', 'Vivi Verifikator', 'verifikator');
	const op = await stafToken('odi', 'Odi Operator', 'operator');
	await api('POST', `/api/v1/staf/pengajuan/${kode}/setujui`, { token: ver, body: {} });
	await api('POST', `/api/v1/staf/pengajuan/${kode}/langkah`, { token: op, body: { langkah: 'verifikasi-berkas' } });

	const errors = [];
	const page = await newPage(errors, { width: 1280, height: 800 });
	await page.goto(`${srv.base}/staf/login`);
	await page.fill('[name="username"]', 'odi');
	await page.fill('[name="password"]', srv.adminPassword);
	await solveCaptcha(page);
	await click(page, page.locator('form:has([name="username"]) [type="submit"]'));
	await page.goto(`${srv.base}/staf/pengajuan/${kode}`);
	const form = page.locator('#form-dokumen-jadi form');
	assert.equal(await form.getAttribute('data-max-bytes'), String(UPLOAD_MAX));
	await form.locator('#jenis').selectOption('kutipan-akta-kelahiran');
	const posts = [];
	page.on('request', (req) => { if (req.method() === 'POST') posts.push(req.url()); });
	await form.locator('#file').setInputFiles({ name: 'besar.pdf', mimeType: 'application/pdf', buffer: Buffer.alloc(UPLOAD_MAX + 1, 0x20) });
	assert.match(await form.locator('[role="alert"]').textContent(), /Ukuran file "besar\.pdf" 1,1 MB, melebihi batas 1 MB/);
	await form.locator('button[type="submit"]').click();
	await page.waitForTimeout(300);
	assert.deepEqual(posts, []);
	await form.locator('#file').setInputFiles({ name: 'akta-siak.pdf', mimeType: 'application/pdf', buffer: fixture });
	assert.equal(await form.locator('[role="alert"]').isVisible(), false);
	const seen = await recordProgress(page);
	await form.locator('button[type="submit"]').click();
	await page.waitForURL(`${srv.base}/staf/pengajuan/${kode}#dokumen-jadi`);
	await page.locator('#dokumen-jadi .dokumen-jadi-item').waitFor();
	assert.ok(seen.includes('100%'), `progress shown: ${seen.join(' ')}`);
	assert.match(await page.locator('main').textContent(), /Dokumen jadi diunggah/);
	assert.equal(posts.length, 1);
	assert.deepEqual(errors, []);
});

test('without scripts: the Upload Baru tab is a link and the plain post takes the camera\'s photo', async () => {
	const NIK = '3326071505900006';
	const { kode } = await draftThroughApi(NIK);
	const ctx = await browser.newContext({ viewport: PHONE, javaScriptEnabled: false });
	const page = await ctx.newPage();
	await login(page, NIK);
	await page.goto(`${srv.base}/pengajuan/${kode}/dokumen/ktp-elektronik`);
	assert.equal(await page.locator('#pane-baru').isVisible(), false);
	await click(page, page.getByRole('tab', { name: 'Upload Baru' }));
	assert.match(page.url(), /\?tab=baru$/);
	assert.equal(await page.locator('#pane-baru').isVisible(), true);
	await fits(page, 'Upload Baru without scripts');
	// the picker stays empty; the browser sends it as an empty part before the photo
	await page.setInputFiles('#foto', { name: 'kamera.jpg', mimeType: 'image/jpeg', buffer: await photo(page, 'KTP') });
	await click(page, page.locator('#pane-baru button[type="submit"]'));
	assert.equal(new URL(page.url()).pathname, `/pengajuan/${kode}`);
	assert.match(await page.locator('main').textContent(), /Dokumen berhasil ditambahkan/);
	assert.match(await page.locator('#jenis-ktp-elektronik .file-item').textContent(), /kamera\.jpg/);
	await ctx.close();
});
