// SPDX-License-Identifier: MIT
// The applicant journey of manual part B in a real browser (Debian Chromium).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { chromium } from 'playwright-core';
import { startServer, chromiumArgs, solveCaptcha, assertFits, enrol, fillRegistration } from './server.mjs';

const NIK = '3326071505900001';
const KK = '3326071409230009';
const FIRST_PW = 'Feb1702.';
const SECOND_PW = 'Agus-2024';
const THIRD_PW = 'M@ret2025';
const ADMIN_PW = 'Admin-Baru-2026';

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

async function submit(page, fieldName) {
	// the submit button of the form holding this field
	await Promise.all([
		page.waitForLoadState('domcontentloaded'),
		page.locator(`form:has([name="${fieldName}"]) [type="submit"]`).first().click(),
	]);
}

test('registration, approval, activation, login, password change, reset', async () => {
	const ctx = await browser.newContext({ viewport: { width: 360, height: 740 } });
	const page = await ctx.newPage();
	const officer = await (await browser.newContext()).newPage();

	// 1. the resident registers (Gambar 13), choosing the region step by step
	await fillRegistration(page, srv.base, { nik: NIK, password: FIRST_PW, phone: '0812-3456-7890', kk: KK });
	await solveCaptcha(page);
	await submit(page, 'nik');
	await page.waitForURL('**/pemohon/status**');
	assert.match(await page.content(), /Pendaftaran terkirim/i);
	await assertFits(page);
	// the stage by NIK and the registered phone number
	await page.fill('[name="nik"]', NIK);
	await page.fill('[name="no_hp"]', '081234567890');
	await solveCaptcha(page);
	await submit(page, 'nik');
	await page.getByText('Status Pendaftaran:').waitFor();
	assert.match(await page.content(), /Status Pendaftaran: <strong>Menunggu Verifikasi<\/strong>/);
	await assertFits(page);

	// 2. the officer logs in with the one-time password and must change it
	await officer.goto(`${srv.base}/staf/login`);
	await officer.fill('[name="username"]', 'admin');
	await officer.fill('[name="password"]', srv.adminPassword);
	await solveCaptcha(officer);
	await submit(officer, 'username');
	await officer.waitForURL('**/staf/password');
	await officer.fill('[name="password_lama"]', srv.adminPassword);
	await officer.fill('[name="password"]', ADMIN_PW);
	await officer.fill('[name="password2"]', ADMIN_PW);
	await submit(officer, 'password_lama');
	// ... and, being an admin, set up two-factor login
	await officer.waitForURL('**/staf/dua-langkah');
	await enrol(officer);
	await officer.goto(`${srv.base}/staf/pendaftaran`);

	// 3. ... finds the registration and approves it
	await officer.locator('a', { hasText: 'Detail' }).first().click();
	await officer.waitForURL('**/staf/pendaftaran/*');
	assert.match(await officer.content(), /Siti Aminah/);
	officer.once('dialog', (d) => d.accept());
	await officer.locator('form[action$="/setujui"] [type="submit"]').click();
	await officer.waitForURL('**/staf/pendaftaran**');
	assert.match(await officer.content(), /disetujui/i);

	// 4. the activation link arrives by WhatsApp/e-mail (outbox.jsonl)
	const activation = await srv.link('/pemohon/aktivasi/');
	await page.goto(activation);
	await page.fill('[name="nama_ibu"]', '  sri   WAHYUNI ');
	await solveCaptcha(page);
	await submit(page, 'nama_ibu');
	assert.match(await page.content(), /aktivasi akun pemohon berhasil/i);
	await assertFits(page);

	// 5. login with NIK + password: Home greets the resident
	await page.goto(`${srv.base}/pemohon/login`);
	await page.fill('[name="nik"]', NIK);
	await page.fill('[name="password"]', FIRST_PW);
	await solveCaptcha(page);
	await submit(page, 'nik');
	await page.waitForURL(`${srv.base}/`);
	assert.match(await page.content(), /Selamat datang Siti Aminah/);
	await assertFits(page);
	for (const path of ['/pemohon/akun', '/pemohon/akun/hp', '/pemohon/akun/email']) {
		await page.goto(`${srv.base}${path}`);
		await assertFits(page);
	}

	// 6. Ganti Password
	await page.goto(`${srv.base}/pemohon/akun/password`);
	await assertFits(page);
	await page.fill('[name="password_lama"]', FIRST_PW);
	await page.fill('[name="password"]', SECOND_PW);
	await page.fill('[name="password2"]', SECOND_PW);
	await submit(page, 'password_lama');
	await page.waitForURL('**/pemohon/akun');
	assert.match(await page.content(), /berhasil/i);

	// 7. logout
	await page.locator('form[action="/pemohon/logout"] [type="submit"]').first().click();
	await page.waitForURL(`${srv.base}/`);
	assert.match(await page.content(), /Daftar \/ Login Pemohon/);

	// 8. Lupa Password: the same answer either way; the link goes to WhatsApp
	await page.goto(`${srv.base}/pemohon/lupa-password`);
	await page.fill('[name="nik"]', NIK);
	await page.fill('[name="nama"]', 'siti aminah');
	await page.fill('[name="no_hp"]', '081234567890');
	await solveCaptcha(page);
	await submit(page, 'nik');
	assert.match(await page.content(), /link reset password telah dikirim/i);
	const reset = await srv.link('/pemohon/reset/');
	await page.goto(reset);
	await page.fill('[name="no_kk"]', KK);
	await page.fill('[name="password"]', THIRD_PW);
	await page.fill('[name="password2"]', THIRD_PW);
	await submit(page, 'no_kk');
	await page.waitForURL('**/pemohon/login');

	// 9. the old password no longer works, the new one does
	await page.fill('[name="nik"]', NIK);
	await page.fill('[name="password"]', SECOND_PW);
	await solveCaptcha(page);
	await submit(page, 'nik');
	assert.match(await page.content(), /NIK atau kata kunci salah/);
	await page.fill('[name="nik"]', NIK);
	await page.fill('[name="password"]', THIRD_PW);
	await solveCaptcha(page);
	await submit(page, 'nik');
	await page.waitForURL(`${srv.base}/`);
	assert.match(await page.content(), /Selamat datang Siti Aminah/);
	await ctx.close();
});

test('pages fit a 360 px phone without sideways scrolling', async () => {
	const ctx = await browser.newContext({ viewport: { width: 360, height: 740 } });
	const page = await ctx.newPage();
	for (const path of ['/', '/pemohon/daftar', '/pemohon/login', '/pemohon/status', '/pemohon/lupa-password', '/staf/login']) {
		await page.goto(`${srv.base}${path}`);
		const width = await page.evaluate(() => document.documentElement.scrollWidth);
		assert.ok(width <= 360, `${path} is ${width}px wide`);
	}
	// the collapsed main menu opens with its toggle button
	await page.goto(`${srv.base}/`);
	await page.locator('.navbar-toggler').click();
	await page.locator('#menu-utama a', { hasText: 'Informasi' }).waitFor({ state: 'visible' });
	await ctx.close();
});

test('no console errors and no CSP violations on the registration page', async () => {
	const ctx = await browser.newContext();
	const page = await ctx.newPage();
	const problems = [];
	page.on('console', (m) => { if (m.type() === 'error') problems.push(m.text()); });
	page.on('pageerror', (e) => problems.push(e.message));
	await page.goto(`${srv.base}/pemohon/daftar`);
	await page.selectOption('[name="provinsi"]', '33');
	await page.waitForSelector('[name="kabupaten"] option[value="33.26"]', { state: 'attached' });
	assert.deepEqual(problems, []);
	await ctx.close();
});
