// SPDX-License-Identifier: MIT
// Forms that help and the keyboard (issue 13): a keyboard-only journey from
// registration to a sent application, the error summary and the fields'
// aria-invalid/aria-describedby after failed submits, and the staff
// document viewer as a modal dialog.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { chromium } from 'playwright-core';
import { startServer, chromiumArgs, photo } from './server.mjs';
import { pageFaults } from './a11y.mjs';

const NIK = '3326071505900001';
const PW = 'Feb1702.';
const STAF_PW = 'Petugas-2024';
const LAYANAN = 'kk-hilang-rusak';	// one select, two required documents, open at any hour

let srv;
let browser;
let kode;	// the application the journey sends, opened by the officer later

before(async () => {
	srv = await startServer();
	browser = await chromium.launch({ executablePath: '/usr/bin/chromium', headless: true, args: chromiumArgs });
	srv.sql(`INSERT INTO staf (username, nama, password_hash, roles, aktif, ganti_password, created_at)
		SELECT 'vera', 'Vera Verifikator', password_hash, 'verifikator', 1, 1, created_at FROM staf WHERE username = 'admin'`);
});

after(async () => {
	await browser?.close();
	await srv?.stop();
});

async function newPage(errors, viewport = { width: 360, height: 740 }) {
	const ctx = await browser.newContext({ viewport });
	const page = await ctx.newPage();
	// a failed submit answers 4xx, which the console reports; anything else is a fault
	page.on('console', (m) => {
		if (m.type() === 'error' && !/status of 4\d\d/.test(m.text())) errors.push(`${page.url()}: ${m.text()}`);
	});
	page.on('pageerror', (e) => errors.push(`${page.url()}: ${e.message}`));
	return page;
}

// What has the focus, in a form an assertion message can show.
function focused(page) {
	return page.evaluate(() => {
		const el = document.activeElement;
		if (!el || el === document.body) return 'body';
		return `${el.tagName.toLowerCase()}${el.id ? '#' + el.id : ''}${el.name ? '[name=' + el.name + ']' : ''} ${(el.textContent || '').trim().slice(0, 40)}`;
	});
}

function focusMatches(page, selector) {
	return page.evaluate((s) => !!document.activeElement && document.activeElement.matches(s), selector);
}

// Presses Tab (or Shift+Tab) until the focus is on an element matching the
// selector, as a keyboard user walks a page.
async function tabTo(page, selector, { back = false, max = 120 } = {}) {
	for (let i = 0; i < max; i++) {
		await page.keyboard.press(back ? 'Shift+Tab' : 'Tab');
		if (await focusMatches(page, selector)) return i + 1;
	}
	throw new Error(`${selector} not reached by ${back ? 'Shift+Tab' : 'Tab'} on ${page.url()}; focus on ${await focused(page)}`);
}

// Types into the focused field, replacing what it held.
async function typeHere(page, text) {
	await page.keyboard.press('Control+A');
	await page.keyboard.press('Delete');
	await page.keyboard.type(text);
}

// Moves the focused (closed) select's choice with the arrow keys until the
// option with the given value is chosen.
async function chooseHere(page, value) {
	for (let i = 0; i < 60; i++) {
		if (await page.evaluate((v) => document.activeElement.value === v, value)) return;
		await page.keyboard.press('ArrowDown');
	}
	throw new Error(`option ${value} not reached on ${await focused(page)}`);
}

// A key that submits or follows a link, waiting for the next page.
async function pressAndLoad(page, key = 'Enter') {
	await Promise.all([page.waitForNavigation({ waitUntil: 'domcontentloaded' }), page.keyboard.press(key)]);
}

async function captchaAnswer(page) {
	const q = (await page.locator('.captcha-q').first().textContent()).trim();
	const m = q.match(/Berapa (\d+) (ditambah|dikurangi|dikali) (\d+)/);
	const a = Number(m[1]);
	const b = Number(m[3]);
	return String(m[2] === 'ditambah' ? a + b : m[2] === 'dikurangi' ? a - b : a * b);
}

// The error summary has the focus and lists the given fields as links.
async function assertSummary(page, ids) {
	assert.ok(await focusMatches(page, '.error-summary'), `the error summary has the focus, not ${await focused(page)}`);
	const box = page.locator('.error-summary').first();
	assert.equal(await box.getAttribute('role'), 'alert');
	assert.equal((await box.locator('h2').textContent()).trim(), 'Periksa kembali isian berikut:');
	const hrefs = await box.locator('a').evaluateAll((as) => as.map((a) => a.getAttribute('href')));
	for (const id of ids) assert.ok(hrefs.includes(`#${id}`), `summary links to #${id}: ${hrefs.join(' ')}`);
}

// The field is marked invalid and described by its message (and keeps its help).
async function assertTied(page, id, { help } = {}) {
	const f = page.locator(`#${id}`);
	assert.equal(await f.getAttribute('aria-invalid'), 'true', `${id} aria-invalid`);
	const by = (await f.getAttribute('aria-describedby') || '').split(/\s+/);
	assert.ok(by.includes(`${id}-error`), `${id} described by ${id}-error: ${by}`);
	if (help) assert.ok(by.includes(help), `${id} still described by ${help}: ${by}`);
	const msg = (await page.locator(`#${id}-error`).textContent()).trim();
	assert.ok(msg.length > 0, `${id}-error holds a message`);
	assert.ok(await page.locator(`#${id}-error`).isVisible(), `${id}-error is shown`);
}

test('keyboard only: register, log in, new application, upload, send', async () => {
	const errors = [];
	const page = await newPage(errors);
	// file choosers are intercepted from the start, so the one opened by a key
	// press later cannot race the interception being switched on
	page.on('filechooser', () => {});

	// registration: the skip link is the first stop and leads into the main content
	await page.goto(`${srv.base}/pemohon/daftar`);
	await page.keyboard.press('Tab');
	assert.ok(await focusMatches(page, 'a.skip-link'), `first Tab: ${await focused(page)}`);
	assert.equal((await page.locator('a.skip-link').textContent()).trim(), 'Langsung ke isi utama');
	assert.ok(await page.locator('a.skip-link').isVisible(), 'the skip link shows when focused');
	await page.keyboard.press('Enter');
	assert.ok(await focusMatches(page, 'main#konten'), `after the skip link: ${await focused(page)}`);
	await page.keyboard.press('Tab');
	assert.ok(await focusMatches(page, '#nik'), `the NIK field is next: ${await focused(page)}`);

	// a bad submit (Enter in the empty NIK field, the captcha unanswered):
	// the summary takes the focus, and its link leads to the field
	await pressAndLoad(page);
	await assertSummary(page, ['captcha']);
	await assertTied(page, 'captcha', { help: 'captcha-help' });
	await tabTo(page, '.error-summary a[href="#captcha"]');
	await page.keyboard.press('Enter');
	assert.ok(await focusMatches(page, '#captcha'), `the summary link leads to its field: ${await focused(page)}`);

	await tabTo(page, '#nik', { back: true });
	await typeHere(page, NIK);
	await page.keyboard.press('Tab');
	await typeHere(page, 'Siti Aminah');
	await page.keyboard.press('Tab');
	await typeHere(page, '3326071409230009');
	await page.keyboard.press('Tab');
	await typeHere(page, 'Pekalongan');
	await page.keyboard.press('Tab');
	await typeHere(page, '15-05-1990');
	await page.keyboard.press('Tab');
	await typeHere(page, 'Sri Wahyuni');
	await tabTo(page, '#provinsi');
	await chooseHere(page, '33');
	await page.waitForSelector('#kabupaten:not([disabled]) option[value="33.26"]', { state: 'attached' });
	await tabTo(page, '#kabupaten');
	await chooseHere(page, '33.26');
	await page.waitForSelector('#kecamatan:not([disabled]) option[value="33.26.07"]', { state: 'attached' });
	await tabTo(page, '#kecamatan');
	await chooseHere(page, '33.26.07');
	await page.waitForSelector('#kode_desa:not([disabled]) option[value="33.26.07.2008"]', { state: 'attached' });
	await tabTo(page, '#kode_desa');
	await chooseHere(page, '33.26.07.2008');
	await tabTo(page, '#no_hp');
	await typeHere(page, '081234567890');
	await page.keyboard.press('Tab');
	await typeHere(page, 'siti@example.com');
	await tabTo(page, '#password');
	await page.keyboard.type(PW);
	// the eye shows and hides the password from the keyboard
	await page.keyboard.press('Tab');
	assert.ok(await focusMatches(page, '[data-toggle-password="password"]'), `the eye follows: ${await focused(page)}`);
	await page.keyboard.press('Space');
	assert.equal(await page.locator('#password').getAttribute('type'), 'text');
	assert.equal(await page.locator('[data-toggle-password="password"]').getAttribute('aria-pressed'), 'true');
	await page.keyboard.press('Enter');
	assert.equal(await page.locator('#password').getAttribute('type'), 'password');
	await tabTo(page, '#password2');
	await page.keyboard.type(PW);
	await tabTo(page, '#captcha');
	await page.keyboard.type(await captchaAnswer(page));
	await pressAndLoad(page);
	assert.match(page.url(), /\/pemohon\/status/, 'registration accepted');
	assert.equal(await page.locator('.error-summary').count(), 0);

	// an officer approves the registration (its own pages have their own tests)
	srv.sql(`UPDATE pemohon SET status = 'aktif' WHERE nik = '${NIK}'`);

	// login
	await page.goto(`${srv.base}/pemohon/login`);
	await tabTo(page, '#nik');
	await page.keyboard.type(NIK);
	await tabTo(page, '#password');
	await page.keyboard.type(PW);
	await tabTo(page, '#captcha');
	await page.keyboard.type(await captchaAnswer(page));
	await pressAndLoad(page);
	assert.doesNotMatch(page.url(), /\/pemohon\/login/, `logged in: ${await focused(page)}`);

	// a new application: pick the service on the Home grid
	await page.goto(`${srv.base}/`);
	await tabTo(page, `a[href="/pengajuan/baru/${LAYANAN}"]`);
	await pressAndLoad(page);
	assert.match(page.url(), new RegExp(`/pengajuan/baru/${LAYANAN}$`));

	// a bad submit first: the button with the form empty
	await tabTo(page, '#detail');
	await typeHere(page, '');
	await tabTo(page, 'button[type="submit"]');
	await pressAndLoad(page);
	await assertSummary(page, ['detail']);
	await assertTied(page, 'detail');

	await tabTo(page, '#nik', { back: true });
	await typeHere(page, NIK);
	await tabTo(page, '#nama');
	await typeHere(page, 'Siti Aminah');
	await tabTo(page, '#detail');
	await typeHere(page, 'KTP-el pertama, sudah merekam biometrik.');
	await tabTo(page, '[name="isian.jenis"]');
	await chooseHere(page, 'Hilang');
	await tabTo(page, 'button[type="submit"]');
	await pressAndLoad(page);
	kode = (await page.locator('#kode-pengajuan').textContent()).trim();
	assert.match(kode, /^KKH3326\d{4,}$/);

	// the first document: its form, the Upload Baru tab, the file chooser opened from the keyboard
	await tabTo(page, 'a[href$="/dokumen/ktp-el"]');
	await pressAndLoad(page);
	if (await page.locator('#tab-baru').count() && (await page.locator('#tab-baru').getAttribute('aria-selected')) !== 'true') {
		await tabTo(page, '[role="tab"]');
		for (let i = 0; i < 4 && !(await focusMatches(page, '#tab-baru')); i++) await page.keyboard.press('ArrowRight');
		await page.keyboard.press('Enter');
		assert.equal(await page.locator('#tab-baru').getAttribute('aria-selected'), 'true');
	}
	await tabTo(page, 'input[type="file"]');
	const [chooser] = await Promise.all([page.waitForEvent('filechooser'), page.keyboard.press('Space')]);
	await chooser.setFiles({ name: 'ktp.jpg', mimeType: 'image/jpeg', buffer: await photo(page) });
	await tabTo(page, 'form:has(input[type="file"]) button[type="submit"]');
	await pressAndLoad(page);
	assert.match(page.url(), new RegExp(`/pengajuan/${kode}`));
	assert.equal(await page.locator('img.doc-thumb').count(), 1);

	// the second reuses that file from the library: a radio chosen with Space
	await tabTo(page, 'a[href$="/dokumen/formulir"]');
	await pressAndLoad(page);
	await tabTo(page, 'input[type="radio"][name="dokumen_id"]');
	await page.keyboard.press('Space');
	assert.ok(await focusMatches(page, 'input[name="dokumen_id"]:checked'));
	await tabTo(page, 'form:has(input[name="dokumen_id"]) button[type="submit"]');
	await pressAndLoad(page);
	assert.equal(await page.locator('img.doc-thumb').count(), 2);

	// send: consent with Space, the button with Enter
	await tabTo(page, '#setuju');
	await page.keyboard.press('Space');
	assert.ok(await page.locator('#setuju').isChecked());
	await tabTo(page, 'form[action$="/kirim"] button[type="submit"]');
	await pressAndLoad(page);
	assert.match(await page.content(), /Pengajuan Dikirim/);

	// the chat: after earlier messages fill its box, the one just sent is in view
	for (let i = 1; i <= 12; i++) {
		srv.sql(`INSERT INTO chat (pengajuan_id, dari, isi, created_at)
			SELECT id, 'pemohon', 'Pesan lama nomor ${i} yang cukup panjang untuk mengisi kotak chat.', ${1700000000 + i} FROM pengajuan WHERE kode = '${kode}'`);
	}
	await page.reload();
	await tabTo(page, '#isi');
	await page.keyboard.type('Apakah KK bisa diambil hari Jumat?');
	await tabTo(page, 'form:has(#isi) button[type="submit"]');
	await pressAndLoad(page);
	const chat = await page.locator('.chat-list').evaluate((el) => {
		const last = el.querySelectorAll('.chat-msg');
		const box = el.getBoundingClientRect();
		const msg = last[last.length - 1].getBoundingClientRect();
		return { scrolls: el.scrollHeight > el.clientHeight, text: last[last.length - 1].textContent,
			inView: msg.top >= box.top - 1 && msg.bottom <= box.bottom + 1, tabindex: el.getAttribute('tabindex') };
	});
	assert.ok(chat.scrolls, 'the chat box scrolls');
	assert.match(chat.text, /Apakah KK bisa diambil hari Jumat\?/);
	assert.ok(chat.inView, 'the message just sent is in view');
	assert.equal(chat.tabindex, '0', 'a scrolling chat box can be scrolled from the keyboard');
	assert.deepEqual(errors, []);
	await page.context().close();
});

test('region selects: a list that arrives late for an earlier choice does not land', async () => {
	const errors = [];
	const page = await newPage(errors);
	// the villages of the first sub-district come back last, as on a slow line
	let slow = 0;
	await page.route('**/api/v1/wilayah?induk=33.26.01', async (route) => {
		slow++;
		await new Promise((r) => setTimeout(r, 800));
		await route.continue();
	});
	await page.goto(`${srv.base}/pemohon/daftar`);
	await page.selectOption('#provinsi', '33');
	await page.waitForSelector('#kabupaten:not([disabled]) option[value="33.26"]', { state: 'attached' });
	await page.selectOption('#kabupaten', '33.26');
	await page.waitForSelector('#kecamatan:not([disabled]) option[value="33.26.07"]', { state: 'attached' });
	await page.selectOption('#kecamatan', '33.26.01');
	await page.selectOption('#kecamatan', '33.26.07');
	await page.waitForSelector('#kode_desa:not([disabled]) option[value="33.26.07.2008"]', { state: 'attached' });
	await page.waitForTimeout(1200);	// the slow answer has come and gone
	assert.equal(slow, 1, 'the slow list was asked for');
	const codes = await page.locator('#kode_desa option').evaluateAll((os) => os.map((o) => o.value));
	assert.equal(codes[0], '', 'the placeholder stays first');
	assert.ok(codes.length > 2, `villages listed: ${codes.length}`);
	assert.deepEqual(codes.slice(1).filter((c) => !c.startsWith('33.26.07.')), [], 'only the chosen sub-district\'s villages');
	assert.equal(new Set(codes).size, codes.length, 'no village listed twice');
	assert.equal(await page.locator('#kode_desa').getAttribute('aria-busy'), null);

	// a province changed while a village list is on its way empties the villages for good
	await page.selectOption('#kecamatan', '33.26.01');
	await page.selectOption('#kabupaten', '33.25');
	await page.waitForTimeout(1200);
	assert.deepEqual(await page.locator('#kode_desa option').evaluateAll((os) => os.map((o) => o.value)), ['']);
	assert.ok(await page.locator('#kode_desa').isDisabled());
	assert.deepEqual(errors, []);
	await page.context().close();
});

test('a failed registration and a failed login: fields tied to their errors, the summary or alert focused', async () => {
	const errors = [];
	for (const viewport of [{ width: 360, height: 740 }, { width: 1280, height: 800 }]) {
		const page = await newPage(errors, viewport);
		await page.goto(`${srv.base}/pemohon/daftar`);
		await tabTo(page, '#nik');
		await page.keyboard.type('12345');
		await tabTo(page, '#password');
		await page.keyboard.type('pendek');
		await tabTo(page, '#password2');
		await page.keyboard.type('lain');
		await tabTo(page, '#captcha');
		await page.keyboard.type(await captchaAnswer(page));
		await pressAndLoad(page);
		await assertSummary(page, ['nik', 'nama', 'password', 'kode_desa']);
		await assertTied(page, 'nik', { help: 'nik-help' });
		await assertTied(page, 'nama');
		await assertTied(page, 'password', { help: 'pw-rules' });
		await assertTied(page, 'kode_desa', { help: 'kode_desa-help' });
		// what was typed is kept, the passwords are not
		assert.equal(await page.locator('#nik').inputValue(), '12345');
		assert.equal(await page.locator('#password').inputValue(), '');
		// every field marked red is marked for a screen reader too, and tied to a message
		const loose = await page.evaluate(() => Array.from(document.querySelectorAll('.is-invalid'))
			.filter((f) => f.getAttribute('aria-invalid') !== 'true' ||
				!(f.getAttribute('aria-describedby') || '').split(/\s+/).some((id) => id && document.getElementById(id)))
			.map((f) => f.id || f.name));
		assert.deepEqual(loose, []);
		assert.deepEqual(await pageFaults(page), [], `daftar with errors at ${viewport.width}px`);

		// login: a NIK that cannot exist is a field error; a wrong password is
		// an alert about no one field
		await page.goto(`${srv.base}/pemohon/login`);
		await tabTo(page, '#nik');
		await page.keyboard.type('12345');
		await tabTo(page, '#password');
		await page.keyboard.type('Salah-2024.');
		await tabTo(page, '#captcha');
		await page.keyboard.type(await captchaAnswer(page));
		await pressAndLoad(page);
		await assertSummary(page, ['nik']);
		await assertTied(page, 'nik');
		assert.deepEqual(await pageFaults(page), [], `login with errors at ${viewport.width}px`);
		await tabTo(page, '#nik');
		await typeHere(page, NIK);
		await tabTo(page, '#password');
		await page.keyboard.type('Salah-2024.');
		await tabTo(page, '#captcha');
		await page.keyboard.type(await captchaAnswer(page));
		await pressAndLoad(page);
		assert.equal(await page.locator('.error-summary').count(), 0);
		assert.ok(await focusMatches(page, 'main .alert-danger[role="alert"]'), `the alert has the focus: ${await focused(page)}`);
		assert.deepEqual(await pageFaults(page), [], `login refused at ${viewport.width}px`);

		// a page loaded without a failed submit takes no focus
		await page.goto(`${srv.base}/pemohon/login`);
		assert.ok(await focusMatches(page, 'body'), `a fresh page leaves the focus alone: ${await focused(page)}`);
		await page.context().close();
	}
	assert.deepEqual(errors, []);
});

test('the staff document viewer keeps Tab inside and gives the focus back on Escape', async () => {
	assert.ok(kode, 'the journey sent an application');
	const errors = [];
	const page = await newPage(errors, { width: 1280, height: 800 });
	await page.goto(`${srv.base}/staf/login`);
	await tabTo(page, '#username');
	await page.keyboard.type('vera');
	await tabTo(page, '#password');
	await page.keyboard.type(srv.adminPassword);
	await tabTo(page, '#captcha');
	await page.keyboard.type(await captchaAnswer(page));
	await pressAndLoad(page);
	await page.waitForURL('**/staf/password');
	await tabTo(page, '#password_lama');
	await page.keyboard.type(srv.adminPassword);
	await tabTo(page, '#password');
	await page.keyboard.type(STAF_PW);
	await tabTo(page, '#password2');
	await page.keyboard.type(STAF_PW);
	await pressAndLoad(page);
	await page.waitForURL(`${srv.base}/staf`);

	await page.goto(`${srv.base}/staf/pengajuan/${kode}`);
	await tabTo(page, 'a[data-viewer]');
	const opener = await page.evaluate(() => document.activeElement.getAttribute('href'));
	await page.keyboard.press('Enter');
	await page.locator('#viewer').waitFor({ state: 'visible' });
	assert.equal(await page.locator('#viewer').getAttribute('role'), 'dialog');
	assert.equal(await page.locator('#viewer').getAttribute('aria-modal'), 'true');
	assert.ok(await focusMatches(page, '#viewer [data-act="close"]'), `the viewer takes the focus: ${await focused(page)}`);
	const inside = () => page.evaluate(() => document.getElementById('viewer').contains(document.activeElement));
	const seen = new Set();
	for (let i = 0; i < 12; i++) {
		await page.keyboard.press('Tab');
		assert.ok(await inside(), `Tab ${i + 1} stays in the viewer: ${await focused(page)}`);
		seen.add(await focused(page));
	}
	assert.ok(seen.size >= 3, `Tab goes round the viewer's controls: ${[...seen].join(', ')}`);
	for (let i = 0; i < 12; i++) {
		await page.keyboard.press('Shift+Tab');
		assert.ok(await inside(), `Shift+Tab ${i + 1} stays in the viewer: ${await focused(page)}`);
	}
	// a button works from the keyboard inside the dialog
	await tabTo(page, '#viewer [data-act="zoom-in"]');
	await page.keyboard.press('Enter');
	assert.equal(await page.locator('#viewer').getAttribute('data-zoom'), '1.25');
	await page.keyboard.press('Escape');
	await page.locator('#viewer').waitFor({ state: 'hidden' });
	assert.ok(await focusMatches(page, `a[data-viewer][href="${opener}"]`), `the focus is back on the thumbnail: ${await focused(page)}`);
	assert.deepEqual(errors, []);
	await page.context().close();
});
