// SPDX-License-Identifier: MIT
// The colour theme (static/css/tema.css): no axe-core color-contrast violation on public, resident
// and officer pages at 360 and 1280 px, control edges at 3:1 against what is behind them, and a
// focus ring at 3:1 on light and dark backgrounds.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { chromium } from 'playwright-core';
import { startServer, chromiumArgs, solveCaptcha, fillRegistration, enrol, photo, click } from './server.mjs';

const require = createRequire(import.meta.url);
const axeSource = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');
const NIK = '3326071505900001';
const PW = 'Feb1702.';
const STAF_PW = 'Petugas-2024';
const WIDTHS = [[360, 740], [1280, 800]];

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

// axe-core's color-contrast rule alone, with the colours it measured.
async function contrastViolations(page) {
	if (!(await page.evaluate(() => typeof window.axe === 'object'))) await page.evaluate(axeSource); // past the CSP
	return page.evaluate(async () => {
		const r = await window.axe.run(document, { runOnly: { type: 'rule', values: ['color-contrast'] }, resultTypes: ['violations'] });
		return r.violations.flatMap((v) => v.nodes.map((n) => {
			const d = n.any[0]?.data || {};
			return `${location.pathname} ${innerWidth}px: ${n.target.join(' ')} ${d.fgColor} on ${d.bgColor} = ${d.contrastRatio}`;
		}));
	});
}

// Form controls whose edge is below 3:1 against the background behind them.
async function weakControls(page) {
	return page.evaluate(() => {
		const rgb = (s) => (s.match(/[\d.]+/g) || []).map(Number);
		const lum = ([r, g, b]) => [r, g, b].map((c) => { c /= 255; return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4; })
			.reduce((a, c, i) => a + c * [0.2126, 0.7152, 0.0722][i], 0);
		const ratio = (a, b) => { const x = lum(a); const y = lum(b); return (Math.max(x, y) + 0.05) / (Math.min(x, y) + 0.05); };
		const behind = (el) => {
			for (let e = el.parentElement; e; e = e.parentElement) {
				const c = rgb(getComputedStyle(e).backgroundColor);
				if (c.length === 3 || c[3] === 1) return c.slice(0, 3);
			}
			return [255, 255, 255];
		};
		const out = [];
		for (const el of document.querySelectorAll('.form-control, .form-select, .form-check-input')) {
			const s = getComputedStyle(el);
			if (el.disabled || s.display === 'none' || s.visibility === 'hidden' || el.type === 'hidden') continue;
			const edge = rgb(s.borderTopColor).slice(0, 3);
			const r = ratio(edge, behind(el));
			if (r < 3) out.push(`${location.pathname}: ${el.name || el.id} edge ${s.borderTopColor} is ${r.toFixed(2)}:1`);
		}
		return out;
	});
}

async function check(page, faults) {
	faults.push(...await contrastViolations(page), ...await weakControls(page));
}

test('colour contrast on public, resident and officer pages at 360 and 1280 px', async () => {
	const faults = [];
	// a resident with a draft application
	const rctx = await browser.newContext({ viewport: { width: 360, height: 740 } });
	const rp = await rctx.newPage();
	await fillRegistration(rp, srv.base, { nik: NIK, password: PW });
	await solveCaptcha(rp);
	await click(rp, rp.locator('form:has([name="nik"]) [type="submit"]').first());
	srv.sql(`UPDATE pemohon SET status = 'aktif' WHERE nik = '${NIK}'`);
	await rp.goto(`${srv.base}/pemohon/login`);
	await rp.fill('[name="nik"]', NIK);
	await rp.fill('[name="password"]', PW);
	await solveCaptcha(rp);
	await click(rp, rp.locator('form:has([name="nik"]) [type="submit"]').first());
	// one application sent with its two documents, one left as a draft
	const kodes = [];
	for (const send of [true, false]) {
		await rp.goto(`${srv.base}/pengajuan/baru/sinkronisasi-data`);
		await rp.fill('[name="nik"]', NIK);
		await rp.fill('[name="nama"]', 'Siti Aminah');
		await rp.fill('[name="detail"]', 'Data saya tidak terbaca di BPJS Kesehatan.');
		await rp.fill('[name="isian.permasalahan_data"]', 'NIK tidak ditemukan di BPJS.');
		await click(rp, rp.getByRole('button', { name: 'Proses Pengajuan' }));
		kodes.push((await rp.locator('#kode-pengajuan').textContent()).trim());
		if (!send) break;
		for (const jenis of ['foto-kartu-keluarga', 'foto-ktp-el']) {
			await click(rp, rp.locator(`a[href$="/dokumen/${jenis}"]`));
			await rp.getByRole('tab', { name: 'Upload Baru' }).click();
			await rp.setInputFiles('#file', { name: `${jenis}.jpg`, mimeType: 'image/jpeg', buffer: await photo(rp) });
			await click(rp, rp.locator('#pane-baru button[type="submit"]'));
		}
		await rp.check('#setuju');
		await click(rp, rp.getByRole('button', { name: 'Kirim Pengajuan' }));
	}
	const [sent, draft] = kodes;

	// the admin: new password and authenticator on the first login
	const sctx = await browser.newContext({ viewport: { width: 1280, height: 800 } });
	const sp = await sctx.newPage();
	await sp.goto(`${srv.base}/staf/login`);
	await sp.fill('[name="username"]', 'admin');
	await sp.fill('[name="password"]', srv.adminPassword);
	await solveCaptcha(sp);
	await click(sp, sp.locator('form:has([name="username"]) [type="submit"]'));
	await sp.waitForURL('**/staf/password');
	await sp.fill('[name="password_lama"]', srv.adminPassword);
	await sp.fill('[name="password"]', STAF_PW);
	await sp.fill('[name="password2"]', STAF_PW);
	await click(sp, sp.getByRole('button', { name: 'Simpan Kata Sandi' }));
	await sp.waitForURL('**/staf/dua-langkah');
	await check(sp, faults);
	await enrol(sp);

	const groups = [
		[undefined, ['/', '/persyaratan/akta-kelahiran', '/verifikasi', '/pemohon/daftar']],
		[await rctx.storageState(), ['/pengajuan', `/pengajuan/${sent}`, `/pengajuan/${draft}`, `/pengajuan/${draft}/dokumen/foto-ktp-el`]],
		[await sctx.storageState(), ['/staf', '/staf/pengajuan', `/staf/pengajuan/${sent}`, '/staf/laporan', '/staf/audit',
			'/staf/layanan/akta-kelahiran', '/staf/pengaturan']],
	];
	for (const [width, height] of WIDTHS) {
		for (const [state, urls] of groups) {
			const ctx = await browser.newContext({ viewport: { width, height }, storageState: state });
			const page = await ctx.newPage();
			for (const url of urls) {
				await page.goto(srv.base + url, { waitUntil: 'domcontentloaded' });
				await check(page, faults);
			}
			await ctx.close();
		}
	}
	assert.deepEqual(faults, []);
	await rctx.close();
	await sctx.close();
});

test('the focus ring reaches 3:1 on white, on the page and on the blue header', async () => {
	// no transitions: the ring is read at its end, not half-way
	const ctx = await browser.newContext({ viewport: { width: 1280, height: 800 }, reducedMotion: 'reduce' });
	const page = await ctx.newPage();
	await page.goto(`${srv.base}/pemohon/login`);
	await page.keyboard.press('Tab'); // keyboard use: focus() below shows :focus-visible
	const rings = await page.evaluate(() => {
		const rgb = (s) => (s.match(/[\d.]+/g) || []).map(Number).slice(0, 3);
		const lum = ([r, g, b]) => [r, g, b].map((c) => { c /= 255; return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4; })
			.reduce((a, c, i) => a + c * [0.2126, 0.7152, 0.0722][i], 0);
		const ratio = (a, b) => { const x = lum(a); const y = lum(b); return (Math.max(x, y) + 0.05) / (Math.min(x, y) + 0.05); };
		const behind = (el) => {
			for (let e = el.parentElement; e; e = e.parentElement) {
				const c = getComputedStyle(e).backgroundColor;
				if (!/rgba\(.*, 0\)|transparent/.test(c)) return rgb(c);
			}
			return [255, 255, 255];
		};
		const out = {};
		for (const [name, sel] of [['header button', '.loket-header .btn'], ['brand link', '.loket-brand'], ['menu link', '.loket-nav .nav-link'],
			['input', 'input[name="nik"]'], ['primary button', 'main .btn-primary'], ['text link', 'main a:not(.btn):not(.list-group-item)']]) {
			const el = document.querySelector(sel);
			el.focus();
			const st = getComputedStyle(el);
			// the ring: the focus outline (loket.css) and any box-shadow band (Bootstrap's input ring)
			const bands = st.boxShadow.match(/rgba?\([^)]*\)/g) || [];
			if (st.outlineStyle !== 'none' && parseFloat(st.outlineWidth) >= 2) bands.push(st.outlineColor);
			const seen = bands.filter((b) => !/^rgba\(.*,\s*0\)$/.test(b));
			out[name] = Math.max(0, ...seen.map((b) => ratio(rgb(b), behind(el))));
		}
		return out;
	});
	await ctx.close();
	for (const [name, r] of Object.entries(rings)) assert.ok(r >= 3, `${name}: focus ring ${r.toFixed(2)}:1`);
});
