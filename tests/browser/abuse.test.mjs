// SPDX-License-Identifier: MIT
// A resident whose account is under attack logs in with the code sent to them, on a 360 px phone; Cek Status by NIK and phone.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { chromium } from 'playwright-core';
import { startServer, chromiumArgs, solveCaptcha, assertFits, fillRegistration } from './server.mjs';

const NIK = '3326071505900001';
const PW = 'Feb1702.';

let srv;
let browser;

before(async () => {
	// two failures are "many" here, and they do not make this address wait
	srv = await startServer({ LOKET_LOGIN_STEP_UP: '2', LOKET_LOGIN_FREE: '5' });
	browser = await chromium.launch({ executablePath: '/usr/bin/chromium', headless: true, args: chromiumArgs });
});

after(async () => {
	await browser?.close();
	await srv?.stop();
});

async function submit(page, fieldName) {
	await Promise.all([
		page.waitForNavigation(),
		page.locator(`form:has([name="${fieldName}"]) [type="submit"]`).first().click(),
	]);
}

async function login(page, password) {
	await page.goto(`${srv.base}/pemohon/login`);
	await page.fill('[name="nik"]', NIK);
	await page.fill('[name="password"]', password);
	await solveCaptcha(page);
	await submit(page, 'nik');
}

// The newest login code sent to the resident (the development transport's file).
async function loginCode() {
	for (let i = 0; i < 100; i++) {
		const msgs = srv.outbox().filter((m) => m.subject === 'Kode Masuk Akun');
		if (msgs.length) return msgs[msgs.length - 1].body.match(/\b\d{6}\b/)[0];
		await new Promise((r) => setTimeout(r, 50));
	}
	throw new Error('no login code in the outbox');
}

test('an account under attack asks its owner for the code sent to them', async () => {
	const ctx = await browser.newContext({ viewport: { width: 360, height: 740 } });
	const page = await ctx.newPage();

	await fillRegistration(page, srv.base, { nik: NIK, password: PW });
	await solveCaptcha(page);
	await submit(page, 'nik');
	assert.match(await page.content(), /Pendaftaran terkirim/);

	// Cek Status: the stage by NIK and the registered phone number
	await page.fill('[name="nik"]', NIK);
	await page.fill('[name="no_hp"]', '+62 812-3456-7890');
	await solveCaptcha(page);
	await submit(page, 'nik');
	assert.match(await page.content(), /Status Pendaftaran: <strong>Menunggu Verifikasi<\/strong>/);
	await assertFits(page);
	srv.sql(`UPDATE pemohon SET status = 'aktif' WHERE nik = '${NIK}'`);

	// someone tries passwords; the owner then comes with the right one
	await login(page, 'Salah-1234');
	await login(page, 'Salah-1234');
	await login(page, PW);
	assert.equal(new URL(page.url()).pathname, '/pemohon/login');
	await page.getByRole('heading', { name: 'Kode Masuk' }).waitFor();
	await assertFits(page);
	const code = await loginCode();

	await page.fill('[name="kode"]', code === '000000' ? '111111' : '000000');
	await submit(page, 'kode');
	assert.match(await page.content(), /Kode salah/);
	assert.equal(await page.getAttribute('[name="kode"]', 'aria-invalid'), 'true');
	await page.fill('[name="kode"]', code);
	await submit(page, 'kode');
	assert.equal(new URL(page.url()).pathname, '/');
	assert.match(await page.content(), /Login berhasil/);
	await ctx.close();
});
