// SPDX-License-Identifier: MIT
// Two-factor staff login in a real browser: the first admin enrols from the manual secret and logs in with a code.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { chromium } from 'playwright-core';
import { startServer, chromiumArgs, solveCaptcha, assertFits, enrol, click } from './server.mjs';

const STAF_PW = 'Admin-Dinas-2024';

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

async function passwordStep(page, password) {
	await page.goto(`${srv.base}/staf/login`);
	await page.fill('[name="username"]', 'admin');
	await page.fill('[name="password"]', password);
	await solveCaptcha(page);
	await click(page, page.locator('form:has([name="username"]) [type="submit"]'));
}

test('the first admin enrols with the manual secret, then logs in with a code', async () => {
	const errors = [];
	const ctx = await browser.newContext({ viewport: { width: 360, height: 740 } });
	const page = await ctx.newPage();
	page.on('console', (m) => { if (m.type() === 'error') errors.push(`${page.url()}: ${m.text()}`); });
	page.on('pageerror', (e) => errors.push(`${page.url()}: ${e.message}`));

	// the one-time password, a new password, and the enrolment page
	await passwordStep(page, srv.adminPassword);
	await page.waitForURL('**/staf/password');
	await page.fill('[name="password_lama"]', srv.adminPassword);
	await page.fill('[name="password"]', STAF_PW);
	await page.fill('[name="password2"]', STAF_PW);
	await click(page, page.getByRole('button', { name: 'Simpan Kata Sandi' }));
	await page.waitForURL('**/staf/dua-langkah');
	assert.match(await page.content(), /wajib memakai verifikasi dua langkah/);
	// the QR code is an image the CSP allows, drawn without script
	const qr = page.locator('img.qr-2fa');
	assert.match(await qr.getAttribute('src'), /^data:image\/svg\+xml;base64,/);
	assert.ok(await qr.evaluate((img) => img.complete && img.naturalWidth > 0));
	assert.match((await page.locator('#rahasia').textContent()).trim(), /^([A-Z2-7]{4} ){7}[A-Z2-7]{4}$/);
	await assertFits(page);
	// nothing else opens before enrolment
	await page.goto(`${srv.base}/staf/petugas`);
	assert.match(page.url(), /\/staf\/dua-langkah$/);

	const { app, recovery } = await enrol(page);
	assert.equal(new Set(recovery).size, 10);
	await assertFits(page);
	await click(page, page.getByRole('link', { name: 'Lanjut ke Beranda Petugas' }));
	await page.waitForURL(`${srv.base}/staf`);
	assert.match(await page.locator('h1').textContent(), /Beranda Petugas/);

	// log out, and in again: the password, then the code
	await click(page, page.getByRole('button', { name: 'Keluar' }).first());
	await passwordStep(page, STAF_PW);
	await page.waitForURL('**/staf/login/kode');
	const field = page.locator('#kode');
	assert.equal(await field.getAttribute('inputmode'), 'numeric');
	assert.equal(await field.getAttribute('autocomplete'), 'one-time-code');
	await assertFits(page);
	await page.fill('#kode', '000000');
	await click(page, page.getByRole('button', { name: 'Verifikasi' }));
	assert.match(await page.locator('.alert-danger').textContent(), /Kode verifikasi salah/);
	await page.fill('#kode', await app.code());
	await click(page, page.getByRole('button', { name: 'Verifikasi' }));
	await page.waitForURL(`${srv.base}/staf`);
	assert.match(await page.locator('h1').textContent(), /Beranda Petugas/);
	await page.goto(`${srv.base}/staf/dua-langkah`);
	assert.equal((await page.locator('#sisa-kode').textContent()).trim(), '10');
	await assertFits(page);
	// the only console error is the refusal the test asked for
	const asked = `${srv.base}/staf/login/kode: Failed to load resource: the server responded with a status of 422 `;
	assert.deepEqual(errors.filter((e) => !e.startsWith(asked)), []);
	await ctx.close();
});
