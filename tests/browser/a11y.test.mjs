// SPDX-License-Identifier: MIT
// The accessibility pass (issue 13): every page type that renders HTML, in each state it has, for
// visitors, residents and each officer role, at 360x740 and 1280x800: axe-core (WCAG 2.1 A and AA),
// sideways scrolling and squeezed text (a11y.mjs). One test() per page type; docs/accessibility.md
// lists them. LOKET_A11Y_REPORT=/path writes every fault found to that file.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { startServer, chromiumArgs, solveCaptcha, enrol, fillRegistration, click, api as apiAt, apiOk as apiOkAt, apiCaptcha } from './server.mjs';
import { pageFaults } from './a11y.mjs';

const top = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const bin = process.env.LOKET_BIN || join(top, 'build', 'loket');
const REPORT = process.env.LOKET_A11Y_REPORT;
const WIDTHS = [[360, 740], [1280, 800]];
const PW = 'Feb1702.';
const STAF_PW = 'Petugas-A11y-2024';
const PASS = 'Rahasia-TTE-2024';   // the dev CA's signer passphrase
const LAYANAN = 'kk-hilang-rusak'; // a service with a signed output (Kartu Keluarga)
const KK = '3326071409230009';
const pdf = readFileSync(join(top, 'tests', 'fixtures', 'pdf', 'siak.pdf'));

// The residents: NIK and phone of each (one birth date: 15-05-1990, as the NIK says).
const people = {
	siti: { nik: '3326071505900001', nama: 'Siti Aminah', hp: '081234567801' },   // active, every application state
	budi: { nik: '3326071505900002', nama: 'Budi Santoso', hp: '081234567802' },  // active, no application
	citra: { nik: '3326071505900003', nama: 'Citra Lestari', hp: '081234567803' }, // registered, waiting
	dewi: { nik: '3326071505900004', nama: 'Dewi Sartika', hp: '081234567804' },  // approved, to activate
	eko: { nik: '3326071505900005', nama: 'Eko Prasetyo', hp: '081234567805' },   // rejected
	fajar: { nik: '3326071505900006', nama: 'Fajar Nugroho', hp: '081234567806' }, // login under attack: code asked
};

let srv;
let browser;

const api = (method, path, opts) => apiAt(srv.base, method, path, opts);
const apiOk = (want, method, path, opts) => apiOkAt(srv.base, want, method, path, opts);
const captcha = () => apiCaptcha(srv.base);
const tabs = {};     // one page (in a context of its own) per visitor / person / officer
const S = {};        // what the set-up made: codes, ids, links
const faults = [];   // {page, width, fault} for the report
const unreached = []; // page types that could not be brought into their state
const checked = new Set(); // page types run
const started = Date.now();

// ---- set-up through the JSON API ----

async function register(p) {
	await apiOk(201, 'POST', '/api/v1/pendaftaran', {
		body: {
			...(await captcha()), nik: p.nik, nama: p.nama, no_kk: KK, tempat_lahir: 'Pekalongan',
			tanggal_lahir: '1990-05-15', nama_ibu: 'Sri Wahyuni', kode_desa: '33.26.07.2008', no_hp: p.hp,
			email: 'warga@example.com', password: PW,
		},
	});
}

async function residentToken(p) {
	return (await apiOk(201, 'POST', '/api/v1/sesi', { body: { ...(await captcha()), nik: p.nik, password: PW } })).token;
}

// An officer sharing the admin's one-time password, who need not change it.
function addStaf(user, nama, role) {
	srv.sql(`INSERT INTO staf (username, nama, password_hash, roles, aktif, ganti_password, created_at)
		SELECT '${user}', '${nama}', password_hash, '${role}', 1, 0, created_at FROM staf WHERE username = 'admin'`);
}

async function stafToken(user, password, kode) {
	return (await apiOk(201, 'POST', '/api/v1/staf/sesi', { body: { username: user, password, ...(kode ? { kode } : {}) } })).token;
}

// A small JPEG drawn by the browser (the server decodes and re-encodes uploads).
async function jpeg(page, label) {
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
	return Buffer.from(data, 'base64');
}

async function upload(token, kode, jenis) {
	const form = new FormData();
	form.append('jenis', jenis);
	form.append('tanggal', '2024-01-15');
	form.append('lembar', '1');
	form.append('file', new Blob([S.jpeg], { type: 'image/jpeg' }), `${jenis}.jpg`);
	await apiOk(201, 'POST', `/api/v1/pengajuan/${kode}/dokumen`, { token, form });
}

// Siti's application of LAYANAN, carried through the given moves. Its kode.
async function application(moves) {
	const { kode } = await apiOk(201, 'POST', '/api/v1/pengajuan', {
		token: S.siti,
		body: { layanan: LAYANAN, nik: people.siti.nik, nama: people.siti.nama, detail: 'Kartu Keluarga saya hilang saat pindah rumah.', isian: { jenis: 'Hilang' } },
	});
	await upload(S.siti, kode, 'ktp-el');
	if (moves[0] === 'draft') return kode;
	await upload(S.siti, kode, 'formulir');
	await apiOk(200, 'POST', `/api/v1/pengajuan/${kode}/kirim`, { token: S.siti, body: { pilihan_dokumen_jadi: 'cetak_mandiri', setuju: true } });
	const staf = `/api/v1/staf/pengajuan/${kode}`;
	for (const m of moves) {
		if (m === 'kembalikan') await apiOk(200, 'POST', `${staf}/kembalikan`, { token: S.vera, body: { catatan: 'Foto KTP-el buram; unggah ulang yang terbaca.' } });
		else if (m === 'batalkan') await apiOk(200, 'POST', `${staf}/batalkan`, { token: S.vera, body: { alasan: 'Pengajuan ganda; sudah ada pengajuan yang sama.' } });
		else if (m === 'setujui') await apiOk(200, 'POST', `${staf}/setujui`, { token: S.vera, body: { catatan: 'Berkas lengkap.' } });
		else if (m === 'langkah') await apiOk(200, 'POST', `${staf}/langkah`, { token: S.oki, body: { langkah: 'verifikasi-berkas', catatan: 'Berkas sesuai.' } });
		else if (m === 'jadi') {
			const form = new FormData();
			form.append('jenis', 'kartu-keluarga');
			form.append('file', new Blob([pdf], { type: 'application/pdf' }), 'kk-siak.pdf');
			await apiOk(201, 'POST', `${staf}/dokumen-jadi`, { token: S.oki, form });
		} else if (m === 'tte') await apiOk(200, 'POST', `${staf}/tandatangani`, { token: S.kadis, body: { passphrase: PASS } });
		else if (m === 'unduh') {
			const d = await apiOk(200, 'GET', `/api/v1/pengajuan/${kode}`, { token: S.siti });
			const res = await fetch(`${srv.base}/api/v1/pengajuan/${kode}/dokumen-jadi/${d.dokumen_ttd[0].id}/unduh`,
				{ headers: { Authorization: `Bearer ${S.siti}` } });
			assert.equal(res.status, 200);
			S.signedPdf = Buffer.from(await res.arrayBuffer());
		} else if (m === 'selesai') await apiOk(200, 'POST', `${staf}/selesai`, { token: S.oki, body: { cara: 'cetak_mandiri', catatan: 'Dokumen sudah diunduh pemohon.' } });
		else if (m === 'cabut') {
			const d = await apiOk(200, 'GET', staf, { token: S.kadis });
			await apiOk(200, 'POST', `/api/v1/staf/dokumen/${d.dokumen_jadi[0].id}/cabut`, { token: S.kadis, body: { alasan: 'Data pada dokumen keliru; diterbitkan ulang.' } });
		} else if (m === 'chat') await apiOk(201, 'POST', `/api/v1/pengajuan/${kode}/chat`, { token: S.siti, body: { isi: 'Apakah formulir perlu ditandatangani kepala desa?' } });
		else throw new Error(`unknown move ${m}`);
	}
	return kode;
}

async function verificationCode(kode) {
	const d = await apiOk(200, 'GET', `/api/v1/pengajuan/${kode}`, { token: S.siti });
	return d.dokumen_ttd[0].kode_verifikasi;
}

// ---- browser helpers ----

async function newTab(name) {
	const ctx = await browser.newContext({ viewport: { width: 360, height: 740 }, acceptDownloads: true });
	tabs[name] = await ctx.newPage();
	return tabs[name];
}

async function residentLogin(page, p, password = PW) {
	await page.goto(`${srv.base}/pemohon/login`);
	await page.fill('[name="nik"]', p.nik);
	await page.fill('[name="password"]', password);
	await solveCaptcha(page);
	await click(page, page.locator('form:has([name="nik"]) [type="submit"]').first());
}

async function staffLogin(page, user, password) {
	await page.goto(`${srv.base}/staf/login`);
	await page.fill('[name="username"]', user);
	await page.fill('[name="password"]', password);
	await solveCaptcha(page);
	await click(page, page.locator('form:has([name="username"]) [type="submit"]'));
}

// Serves a captured page again at its own URL (a one-shot answer such as
// the recovery codes shown once), with the server's own assets around it.
async function replay(page, url, html) {
	await page.route(url, (route) => route.fulfill({ status: 200, contentType: 'text/html; charset=utf-8', body: html }));
	try {
		return await page.goto(url);
	} finally {
		await page.unroute(url);
	}
}

before(async () => {
	srv = await startServer({
		// the pass makes many requests from one address: no throttling but the step-up under test
		LOKET_PUBLIC_MAX_IP: '100000', LOKET_PUBLIC_MAX_NIK: '1000', LOKET_LOGIN_FREE: '1000',
		LOKET_LOGIN_MAX_IP: '100000', LOKET_LOGIN_MAX_ACCOUNT: '1000', LOKET_LOGIN_STEP_UP: '2',
		LOKET_SEND_MAX_HOUR: '1000', LOKET_CHAT_MAX_HOUR: '1000',
		LOKET_UPLOAD_MAX: '1048576', // a 413 within reach of a browser form
	});
	browser = await chromium.launch({ executablePath: '/usr/bin/chromium', headless: true, args: chromiumArgs });
	execFileSync(bin, ['tte', 'dev-ca', '--nama', 'Kepala Dinas'],
		{ env: { ...process.env, LOKET_DATA_DIR: srv.dir, LOKET_TTE_PASSPHRASE: PASS }, stdio: 'ignore' });
	addStaf('vera', 'Vera Verifikator', 'verifikator');
	addStaf('oki', 'Oki Operator', 'operator');
	addStaf('kadis', 'Dr. Kepala Dinas', 'penandatangan');
	addStaf('putri', 'Putri Penandatangan', 'penandatangan'); // never enrols: the compulsory enrolment page

	// the admin: one-time password, new password, two-factor enrolment (its answer kept for replay)
	const admin = await newTab('admin');
	await staffLogin(admin, 'admin', srv.adminPassword);
	await admin.waitForURL('**/staf/password');
	S.passwordForced = await admin.content();
	await admin.fill('[name="password_lama"]', srv.adminPassword);
	await admin.fill('[name="password"]', STAF_PW);
	await admin.fill('[name="password2"]', STAF_PW);
	await click(admin, admin.getByRole('button', { name: 'Simpan Kata Sandi' }));
	await admin.waitForURL('**/staf/dua-langkah');
	S.adminApp = (await enrol(admin)).app;
	S.recoveryCodes = await admin.content();
	const kadis = await newTab('kadis');
	await staffLogin(kadis, 'kadis', srv.adminPassword);
	await kadis.waitForURL('**/staf/dua-langkah');
	S.kadisApp = (await enrol(kadis)).app;
	await Promise.all(['vera', 'oki', 'putri'].map(async (user) => staffLogin(await newTab(user), user, srv.adminPassword)));
	S.vera = await stafToken('vera', srv.adminPassword);
	S.oki = await stafToken('oki', srv.adminPassword);
	S.kadis = await stafToken('kadis', srv.adminPassword, await S.kadisApp.code());
	S.jpeg = await jpeg(admin, 'KTP-el CONTOH');

	// residents in each state of their account
	await Promise.all(Object.values(people).map((p) => register(p)));
	const waiting = (await apiOk(200, 'GET', '/api/v1/staf/pendaftaran?status=menunggu', { token: S.vera })).data;
	const idOf = (p) => waiting.find((w) => w.nama === p.nama).id;
	S.citraId = idOf(people.citra);
	await apiOk(200, 'POST', `/api/v1/staf/pendaftaran/${idOf(people.dewi)}/setujui`, { token: S.vera });
	S.aktivasi = await srv.link('/pemohon/aktivasi/');
	await apiOk(200, 'POST', `/api/v1/staf/pendaftaran/${idOf(people.eko)}/tolak`, { token: S.vera, body: { alasan: 'Foto KTP-el tidak sesuai dengan NIK yang diisi.' } });
	for (const p of [people.siti, people.budi, people.fajar]) srv.sql(`UPDATE pemohon SET status = 'aktif' WHERE nik = '${p.nik}'`);
	S.siti = await residentToken(people.siti);
	// someone tries Fajar's password twice: his next login asks for the code sent to him
	for (let i = 0; i < 2; i++) {
		const r = await api('POST', '/api/v1/sesi', { body: { ...(await captcha()), nik: people.fajar.nik, password: 'Salah-1234' } });
		assert.equal(r.status, 401);
	}

	// Siti's applications, one per state, made side by side (the server
	// takes them in parallel; the set-up is most of this file's time)
	const states = {
		draft: ['draft'],
		dikirim: ['chat'],
		dikembalikan: ['kembalikan'],
		disetujui: ['setujui'],
		dibatalkan: ['batalkan'],
		diproses: ['setujui', 'langkah'],
		tte: ['setujui', 'langkah', 'jadi'],
		terbit: ['setujui', 'langkah', 'jadi', 'tte'],
		selesai: ['setujui', 'langkah', 'jadi', 'tte', 'unduh', 'selesai'],
		dicabut: ['setujui', 'langkah', 'jadi', 'tte', 'cabut'],
		// two more in the signing queue: one is signed in bulk at each width
		bulk1: ['setujui', 'langkah', 'jadi'],
		bulk2: ['setujui', 'langkah', 'jadi'],
	};
	const kodes = await Promise.all(Object.values(states).map((moves) => application(moves)));
	S.app = Object.fromEntries(Object.keys(states).map((k, i) => [k, kodes[i]]));
	S.bulk = [S.app.bulk1, S.app.bulk2];
	// the bulk pair was made by a school for its pupils (Grup Pemohon): a long
	// name, for its badge on a phone's card
	srv.sql(`INSERT INTO grup (id, nama, jenis, aktif, created_at, updated_at)
		VALUES (5, 'SD Negeri 2 Wonopringgo Kecamatan Wonopringgo Kabupaten Pekalongan', 'sekolah', 1, 0, 0)`);
	srv.sql(`UPDATE pengajuan SET grup_id = 5 WHERE kode IN ('${S.app.bulk1}', '${S.app.bulk2}')`);
	S.kodeAktif = await verificationCode(S.app.terbit);
	S.kodeDicabut = await verificationCode(S.app.dicabut);
	writeFileSync(join(srv.dir, 'signed.pdf'), S.signedPdf);

	// the residents' browsers
	await Promise.all([residentLogin(await newTab('siti'), people.siti), residentLogin(await newTab('budi'), people.budi)]);
	await newTab('tamu');
	await newTab('lain'); // one-off logins and forms

	// content the admin publishes: an information post and a downloadable form
	await admin.goto(`${srv.base}/staf/informasi/baru`);
	await admin.fill('[name="judul"]', 'Jadwal Pelayanan Akhir Tahun');
	await admin.fill('[name="isi"]', 'Pelayanan tatap muka **tutup** pada 31 Desember. Layanan online tetap buka.\n\n- Akta Kelahiran\n- Kartu Keluarga');
	await click(admin, admin.getByRole('button', { name: 'Simpan' }));
	await admin.goto(`${srv.base}/staf/informasi`);
	S.infoEdit = await admin.locator('a[href^="/staf/informasi/"]:not([href$="/baru"])').first().getAttribute('href');
	await admin.goto(`${srv.base}/informasi`);
	S.infoPublic = await admin.locator('a[href^="/informasi/"]').first().getAttribute('href');
	await admin.goto(`${srv.base}/staf/formulir/baru`);
	await admin.fill('[name="judul"]', 'Formulir F-1.01 Biodata Keluarga');
	await admin.setInputFiles('#file', { name: 'f101.pdf', mimeType: 'application/pdf', buffer: pdf });
	await click(admin, admin.getByRole('button', { name: 'Unggah' }));
	await admin.goto(`${srv.base}/staf/formulir`);
	S.formEdit = await admin.locator('a[href^="/staf/formulir/"]:not([href$="/baru"])').first().getAttribute('href');
	// a service the office has closed: its application form says so
	await admin.goto(`${srv.base}/staf/layanan/akta-perkawinan`);
	await admin.uncheck('#aktif');
	await click(admin, admin.getByRole('button', { name: 'Simpan Umum' }));
	// an officer made through the form: the one-time password page, then the account's own page
	await admin.goto(`${srv.base}/staf/petugas/baru`);
	await admin.fill('[name="username"]', 'rina');
	await admin.fill('[name="nama"]', 'Rina Operator');
	await admin.check('#peran-operator');
	await click(admin, admin.getByRole('button', { name: 'Simpan Petugas Baru' }));
	await admin.goto(`${srv.base}/staf/petugas`);
	S.petugasEdit = await admin.locator('tr:has-text("rina") a[href^="/staf/petugas/"]').first().getAttribute('href');
	// a Grup Pemohon with one member (Budi): the list, the detail and its member list
	await admin.goto(`${srv.base}/staf/grup/baru`);
	await admin.fill('#nama', 'SD Negeri 1 Kajen');
	await admin.selectOption('#jenis', 'sekolah');
	await admin.fill('#wilayah', '33.26.07\n33.26.07.2008');
	await admin.check('#layanan-pandu-ceria');
	await Promise.all([admin.waitForURL(/\/staf\/grup\/\d+$/), admin.getByRole('button', { name: 'Simpan Grup Baru' }).click()]);
	S.grup = new URL(admin.url()).pathname;
	await admin.fill('#nik', people.budi.nik);
	await click(admin, admin.getByRole('button', { name: 'Tambah Anggota' }));
	// Budi in that school's mode (Ganti Mode), in a browser of his own
	const grup = await newTab('budiGrup');
	await residentLogin(grup, people.budi);
	await grup.goto(`${srv.base}/pemohon/mode`);
	await click(grup, grup.getByRole('button', { name: 'Pilih mode grup SD Negeri 1 Kajen' }));
	// ... and his draft for a pupil of another family
	await grup.goto(`${srv.base}/pengajuan/baru/pandu-ceria`);
	for (const [f, v] of [['#nik', '3326074403090005'], ['#nama', 'Aisyah Putri'], ['#no_kk', '3326071409230099'],
		['#no_hp', '081277776666'], ['#email', 'aisyah@example.com'], ['#detail', 'Perekaman KTP-el siswa kelas XII.'],
		['[name="isian.nama_sekolah"]', 'SD Negeri 1 Kajen'], ['[name="isian.kelas"]', 'VI'], ['[name="isian.tanggal_lahir"]', '2009-03-04']]) await grup.fill(f, v);
	await grup.selectOption('#kode_desa', '33.26.07.2008');
	await grup.selectOption('[name="isian.jenis_layanan"]', 'Penerbitan KIA');
	await click(grup, grup.getByRole('button', { name: 'Proses Pengajuan' }));
	S.grupApp = (await grup.locator('#kode-pengajuan').textContent()).trim();
});

after(async () => {
	await browser?.close();
	await srv?.stop();
	if (REPORT) writeReport(REPORT);
});

// The report: faults counted per rule (page loads and elements) and per
// page type, then each fault.
function writeReport(file) {
	const perRule = new Map();
	const perPage = new Map();
	for (const f of faults) {
		const axe = f.fault.match(/^([a-z0-9-]+) \((\d+)\):/);
		const rule = axe ? axe[1] : /page is \d+px wide/.test(f.fault) ? 'layout: sideways scroll'
			: /runs out of its box/.test(f.fault) ? 'layout: text runs out of its box' : 'layout: word breaks across lines';
		const r = perRule.get(rule) || { loads: new Set(), elements: 0 };
		r.loads.add(`${f.page}@${f.width}`);
		r.elements += axe ? Number(axe[2]) : 1;
		perRule.set(rule, r);
		const p = perPage.get(f.page) || { 360: 0, 1280: 0 };
		p[f.width]++;
		perPage.set(f.page, p);
	}
	const lines = [
		`# accessibility pass, ${new Date().toISOString()}, ${process.env.LOKET_TEST_DATABASE_URL ? 'PostgreSQL' : 'SQLite'}, ${Math.round((Date.now() - started) / 1000)} s`,
		`# ${checked.size} page types checked, ${perPage.size} with faults, ${unreached.length} not reached`, '',
		'## per rule: page loads, elements, rule',
		...[...perRule].sort((a, b) => b[1].loads.size - a[1].loads.size).map(([k, v]) => `${v.loads.size}\t${v.elements}\t${k}`), '',
		'## per page type: faults at 360 px, at 1280 px, page type',
		...[...perPage].sort((a, b) => b[1][360] + b[1][1280] - a[1][360] - a[1][1280]).map(([k, v]) => `${v[360]}\t${v[1280]}\t${k}`), '',
		'## not reached (page type, width, why)', ...unreached, '',
		'## faults (page type, width, fault)', ...faults.map((f) => `${f.page}\t${f.width}\t${f.fault}`), '',
	];
	writeFileSync(file, lines.join('\n'));
}

// ---- the pass ----

// One page type: who looks (a tab), how it is reached at each width (a
// path, or a function that brings the page there and returns the
// response), and what reaching it answers (status, path, a text it shows).
function page(name, who, how, { status = 200, path, text } = {}) {
	test(name, async () => {
		checked.add(name);
		const tab = tabs[who];
		const found = [];
		for (const [width, height] of WIDTHS) {
			await tab.setViewportSize({ width, height });
			let res;
			try {
				res = typeof how === 'function' ? await how(tab) : await tab.goto(`${srv.base}${how}`);
				await tab.waitForLoadState('load');
				const want = path ?? (typeof how === 'string' ? how.split(/[?#]/)[0] : null);
				const got = new URL(tab.url()).pathname;
				if (want && (want instanceof RegExp ? !want.test(got) : got !== want)) throw new Error(`landed on ${got}, not ${want}`);
				if (res && res.status() !== status) throw new Error(`answered ${res.status()}, not ${status}`);
				if (text && !text.test(await tab.content())) throw new Error(`does not show ${text}`);
			} catch (e) {
				unreached.push(`${name}\t${width}\t${e.message.split('\n')[0]}`);
				throw new Error(`${name}: not reached at ${width}px: ${e.message}`);
			}
			for (const f of await pageFaults(tab)) {
				faults.push({ page: name, width, fault: f });
				found.push(`${width}px: ${f}`);
			}
		}
		assert.deepEqual(found, [], `${name}:\n${found.join('\n')}`);
	});
}

// A form sent with what the visitor typed; the answer is the page under test.
const send = (path, fill, button, opts = {}) => async (tab) => {
	await tab.goto(`${srv.base}${path}`);
	await fill(tab);
	if (opts.captcha) await solveCaptcha(tab);
	const [res] = await Promise.all([tab.waitForNavigation(), tab.locator(button).first().click()]);
	return res;
};

// ---- public ----
page('home (visitor)', 'tamu', '/');
page('persyaratan (list)', 'tamu', '/persyaratan');
page('persyaratan (one service)', 'tamu', '/persyaratan/akta-kelahiran');
page('formulir', 'tamu', '/formulir');
page('informasi (list)', 'tamu', '/informasi');
page('informasi (post)', 'tamu', () => tabs.tamu.goto(`${srv.base}${S.infoPublic}`), { path: /^\/informasi\/.+/ });
page('verifikasi (form)', 'tamu', '/verifikasi');
page('verifikasi (valid code)', 'tamu', () => tabs.tamu.goto(`${srv.base}/verifikasi/${S.kodeAktif}`), { path: /^\/verifikasi\/.+/ });
page('verifikasi (revoked code)', 'tamu', () => tabs.tamu.goto(`${srv.base}/verifikasi/${S.kodeDicabut}`), { path: /^\/verifikasi\/.+/ });
page('verifikasi (unknown code)', 'tamu', `/verifikasi/${'A'.repeat(24)}`, { status: 404 });
page('verifikasi (a signed PDF checked)', 'tamu', send('/verifikasi', (t) => t.setInputFiles('#file', join(srv.dir, 'signed.pdf')), '#form-verifikasi [type="submit"]'), { text: /File ini asli dan berlaku/ });

// ---- the resident's account ----
page('daftar (form)', 'tamu', '/pemohon/daftar');
page('daftar (bad input)', 'tamu', send('/pemohon/daftar', async (t) => {
	await t.fill('[name="nik"]', '12345');
	await t.fill('[name="nama"]', 'S');
	await t.fill('[name="password"]', 'pendek');
	await t.fill('[name="password2"]', 'lain');
}, 'form:has([name="nik"]) [type="submit"]', { captcha: true }), { status: 422 });
{
	let n = 7;
	page('daftar sukses', 'lain', async (t) => {
		await t.context().clearCookies();
		await fillRegistration(t, srv.base, { nik: `33260715059000${String(n++).padStart(2, '0')}`, password: PW, phone: `0812345678${n}0` });
		await solveCaptcha(t);
		const [res] = await Promise.all([t.waitForNavigation(), t.locator('form:has([name="nik"]) [type="submit"]').first().click()]);
		return res;
	}, { path: '/pemohon/status', text: /Pendaftaran terkirim/i });
}
page('status (form)', 'tamu', '/pemohon/status');
page('status (waiting)', 'tamu', send('/pemohon/status', async (t) => {
	await t.fill('[name="nik"]', people.citra.nik);
	await t.fill('[name="no_hp"]', people.citra.hp);
}, 'form:has([name="no_hp"]) [type="submit"]', { captcha: true }), { text: /Menunggu Verifikasi/ });
page('status (not found)', 'tamu', send('/pemohon/status', async (t) => {
	await t.fill('[name="nik"]', '3326071505909999');
	await t.fill('[name="no_hp"]', '081299999999');
}, 'form:has([name="no_hp"]) [type="submit"]', { captcha: true }));
page('aktivasi', 'tamu', () => tabs.tamu.goto(S.aktivasi), { path: /^\/pemohon\/aktivasi\/.+/ });
page('login (form)', 'tamu', '/pemohon/login');
page('login (wrong password)', 'tamu', send('/pemohon/login', async (t) => {
	await t.fill('[name="nik"]', '3326071505909999');
	await t.fill('[name="password"]', 'Salah-1234');
}, 'form:has([name="nik"]) [type="submit"]', { captcha: true }), { status: 422 });
page('login kode (code asked)', 'lain', async (t) => {
	await t.context().clearCookies();
	await residentLogin(t, people.fajar);
	await t.getByRole('heading', { name: 'Kode Masuk' }).waitFor();
}, { path: '/pemohon/login' });
page('login (registration rejected)', 'lain', async (t) => {
	await t.context().clearCookies();
	await residentLogin(t, people.eko);
}, { path: '/pemohon/login', text: /tidak disetujui oleh petugas/ });
page('lupa password (form)', 'tamu', '/pemohon/lupa-password');
page('lupa password (sent)', 'tamu', send('/pemohon/lupa-password', async (t) => {
	await t.fill('[name="nik"]', people.budi.nik);
	await t.fill('[name="nama"]', people.budi.nama);
	await t.fill('[name="no_hp"]', people.budi.hp);
}, 'form:has([name="no_hp"]) [type="submit"]', { captcha: true }), { text: /link reset password telah dikirim/i });
page('reset password (valid link)', 'tamu', async (t) => t.goto(await srv.link('/pemohon/reset/')), { path: /^\/pemohon\/reset\/.+/ });
page('reset password (invalid link)', 'tamu', `/pemohon/reset/${'x'.repeat(43)}`, { status: 410 });
page('home (resident)', 'siti', '/');
page('akun', 'siti', '/pemohon/akun');
page('akun: nomor HP', 'siti', '/pemohon/akun/hp');
page('akun: email', 'siti', '/pemohon/akun/email');
page('akun: password', 'siti', '/pemohon/akun/password');
page('akun: password (wrong old password)', 'siti', send('/pemohon/akun/password', async (t) => {
	await t.fill('[name="password_lama"]', 'Salah-1234');
	await t.fill('[name="password"]', 'Baru-2024x');
	await t.fill('[name="password2"]', 'Baru-2024y');
}, 'form:has([name="password_lama"]) [type="submit"]'), { status: 422 });

// ---- the resident's applications ----
// what the detail page of each state shows
const SHOWS = {
	draft: /Pengajuan Draft/, dikirim: /Pengajuan Dikirim/, dikembalikan: /Dikembalikan untuk Diperbaiki/, disetujui: /Disetujui/,
	dibatalkan: /Dibatalkan/, diproses: /Diproses/, tte: /Diproses/, terbit: /Sudah Terbit TTE/, selesai: /Selesai/, dicabut: /[Dd]icabut/,
};
page('pengajuan list (empty)', 'budi', '/pengajuan');
page('pengajuan list (with items)', 'siti', '/pengajuan');
page('pengajuan baru (form)', 'siti', '/pengajuan/baru/akta-kelahiran');
page('pengajuan baru (service closed)', 'siti', '/pengajuan/baru/akta-perkawinan', { text: /sedang tidak dibuka/ });
page('pengajuan baru (bad input)', 'siti', send('/pengajuan/baru/akta-kelahiran', async (t) => {
	await t.fill('[name="nama"]', '');
	await t.fill('[name="isian.nik_ayah"]', '123');
}, 'form:has([name="detail"]) [type="submit"]'), { status: 422 });
for (const st of ['draft', 'dikirim', 'dikembalikan', 'disetujui', 'dibatalkan', 'diproses', 'tte', 'terbit', 'selesai', 'dicabut']) {
	const label = { tte: 'diproses, signed output attached', terbit: 'signed, to download', selesai: 'selesai, downloaded', dicabut: 'signed, revoked' }[st] ?? st;
	page(`pengajuan detail (${label})`, 'siti', () => tabs.siti.goto(`${srv.base}/pengajuan/${S.app[st]}`), { path: /^\/pengajuan\/[A-Z0-9]+$/, text: SHOWS[st] });
}
page('pengajuan edit (draft)', 'siti', () => tabs.siti.goto(`${srv.base}/pengajuan/${S.app.draft}/edit`), { path: /\/edit$/ });
page('pengajuan edit (dikembalikan)', 'siti', () => tabs.siti.goto(`${srv.base}/pengajuan/${S.app.dikembalikan}/edit`), { path: /\/edit$/ });
// Grup Pemohon on the resident's side (Ganti Mode, Tabel 2)
page('ganti mode (a member, personal mode)', 'budi', '/pemohon/mode', { text: /SD Negeri 1 Kajen/ });
page('ganti mode (no group)', 'siti', '/pemohon/mode', { text: /belum menjadi anggota Grup Pemohon/ });
page('home (group mode)', 'budiGrup', '/', { text: /SD Negeri 1 Kajen/ });
page('persyaratan (special service, group mode)', 'budiGrup', '/persyaratan/pandu-ceria', { text: /Ajukan Pandu Ceria/ });
page('pengajuan list (group mode)', 'budiGrup', '/pengajuan', { text: /PDC3326/ });
page('pengajuan detail (group mode draft)', 'budiGrup', () => tabs.budiGrup.goto(`${srv.base}/pengajuan/${S.grupApp}`),
	{ path: /^\/pengajuan\/PDC[0-9]+$/, text: /id="mode-pengajuan">SD Negeri 1 Kajen/ });
page('pengajuan baru (group mode form)', 'budiGrup', '/pengajuan/baru/pandu-ceria', { text: /Data kontak warga/ });
page('pengajuan baru (group mode, bad input)', 'budiGrup', send('/pengajuan/baru/pandu-ceria', async (t) => {
	await t.fill('[name="nama"]', 'Aisyah Putri');
	await t.fill('[name="no_hp"]', '123');
}, 'form:has([name="detail"]) [type="submit"]'), { status: 422 });
page('pengajuan baru (special service, personal mode)', 'siti', '/pengajuan/baru/pandu-ceria', { status: 403, text: /Khusus Grup Pemohon/ });
page('pengajuan dokumen (add a document)', 'siti', () => tabs.siti.goto(`${srv.base}/pengajuan/${S.app.draft}/dokumen/formulir`), { path: /\/dokumen\/formulir$/ });
page('pengajuan dokumen (not an image)', 'siti', async (t) => {
	await t.goto(`${srv.base}/pengajuan/${S.app.draft}/dokumen/formulir`);
	await t.getByRole('tab', { name: 'Upload Baru' }).click();
	await t.setInputFiles('#file', { name: 'surat.jpg', mimeType: 'image/jpeg', buffer: Buffer.from('bukan gambar') });
	// the file goes up by XHR (unggah.js); the server's form replaces the page
	const [res] = await Promise.all([t.waitForResponse((r) => r.request().method() === 'POST'),
		t.locator('#pane-baru button[type="submit"]').click()]);
	await t.locator('#file-error').waitFor();
	return res;
}, { path: /\/dokumen\/formulir$/, status: 422 });
page('pengajuan dokumen (file over the limit, refused in the page)', 'siti', async (t) => {
	await t.goto(`${srv.base}/pengajuan/${S.app.draft}/dokumen/formulir?tab=baru`);
	await t.setInputFiles('#file', { name: 'besar.jpg', mimeType: 'image/jpeg', buffer: Buffer.alloc(3 * 1048576, 0xff) });
	await t.locator('#pane-baru button[type="submit"]').click();
	await t.locator('#file-pesan:not([hidden])').waitFor();
}, { path: /\/dokumen\/formulir$/ });

// ---- errors ----
page('error 404 (visitor)', 'tamu', '/tidak-ada', { status: 404 });
page('error 404 (resident)', 'siti', '/pengajuan/ZZZ99999999', { status: 404 });
page('error 405', 'tamu', '/pemohon/logout', { status: 405 });
page('error 403 (form without a valid CSRF token)', 'siti', async (t) => {
	await t.goto(`${srv.base}/pemohon/akun/hp`);
	await t.locator('form:has([name="no_hp"]) [name="csrf"]').first().evaluate((i) => { i.value = 'tidak-sah'; });
	await t.fill('[name="no_hp"]', '081200000000');
	const [res] = await Promise.all([t.waitForNavigation(), t.locator('form:has([name="no_hp"]) [type="submit"]').first().click()]);
	return res;
}, { status: 403, path: '/pemohon/akun/hp' });
page('error 413 (upload over the limit)', 'siti', async (t) => {
	await t.goto(`${srv.base}/pengajuan/${S.app.draft}/dokumen/formulir`);
	await t.getByRole('tab', { name: 'Upload Baru' }).click();
	await t.setInputFiles('#file', { name: 'besar.jpg', mimeType: 'image/jpeg', buffer: Buffer.alloc(3 * 1048576, 0xff) });
	// past the page's own size check, as a browser without scripts would send it
	const [res] = await Promise.all([t.waitForNavigation(), t.locator('form:has(#file)').evaluate((f) => f.submit())]);
	return res;
}, { status: 413, path: /\/dokumen\/formulir$/ });

// ---- officers ----
page('staf login (form)', 'tamu', '/staf/login');
page('staf login (wrong password)', 'tamu', send('/staf/login', async (t) => {
	await t.fill('[name="username"]', 'tidakada');
	await t.fill('[name="password"]', 'Salah-1234');
}, 'form:has([name="username"]) [type="submit"]', { captcha: true }), { status: 422 });
page('staf login kode (two-factor code)', 'lain', async (t) => {
	await t.context().clearCookies();
	await staffLogin(t, 'admin', STAF_PW);
}, { path: '/staf/login/kode' });
page('staf login kode (wrong code)', 'lain', async (t) => {
	await t.context().clearCookies();
	await staffLogin(t, 'admin', STAF_PW);
	await t.fill('#kode', '000000');
	const [res] = await Promise.all([t.waitForNavigation(), t.getByRole('button', { name: 'Verifikasi' }).click()]);
	return res;
}, { path: '/staf/login/kode', status: 422 });
page('staf password (forced at first login)', 'admin', (t) => replay(t, `${srv.base}/staf/password`, S.passwordForced));
page('staf password (voluntary)', 'oki', '/staf/password');
page('staf password (mismatch)', 'oki', send('/staf/password', async (t) => {
	await t.fill('[name="password_lama"]', srv.adminPassword);
	await t.fill('[name="password"]', 'Baru-Sekali-2024');
	await t.fill('[name="password2"]', 'Baru-Sekali-2025');
}, 'form:has([name="password_lama"]) [type="submit"]'), { status: 422 });
page('staf dua-langkah (compulsory enrolment)', 'putri', '/staf/dua-langkah');
page('staf dua-langkah (wrong code)', 'putri', send('/staf/dua-langkah', (t) => t.fill('#kode', '000000'), 'form:has(#kode) [type="submit"]'), { status: 422 });
page('staf dua-langkah (optional enrolment)', 'oki', '/staf/dua-langkah');
page('staf dua-langkah (recovery codes after enrolment)', 'admin', (t) => replay(t, `${srv.base}/staf/dua-langkah`, S.recoveryCodes), { text: /kode-pemulihan/ });
page('staf dua-langkah (enrolled)', 'admin', '/staf/dua-langkah');
page('staf dua-langkah (new recovery codes)', 'admin', send('/staf/dua-langkah', (t) => t.fill('#password_kode', STAF_PW),
	'form:has(#password_kode) [type="submit"]'), { path: /^\/staf\/dua-langkah/, text: /Simpan Kode Pemulihan Anda/ });

// The admin sees every state (and may make every move); each other role the
// states in which it acts or which its queues hold.
const ROLES = {
	admin: ['admin', ['dikirim', 'dikembalikan', 'disetujui', 'dibatalkan', 'diproses', 'tte', 'terbit', 'selesai', 'dicabut']],
	verifikator: ['vera', ['dikirim', 'dikembalikan', 'dibatalkan']],
	operator: ['oki', ['disetujui', 'diproses', 'tte', 'terbit', 'selesai']],
	penandatangan: ['kadis', ['tte', 'terbit', 'dicabut']],
};
const QUEUES = { verifikasi: ['admin', 'verifikator'], proses: ['admin', 'operator'], tte: ['admin', 'penandatangan'], serah: ['admin', 'operator'] };
for (const [role, [who, states]] of Object.entries(ROLES)) {
	page(`staf dasbor (${role})`, who, '/staf');
	page(`staf pengajuan: semua (${role})`, who, '/staf/pengajuan');
	for (const [q, roles] of Object.entries(QUEUES)) if (roles.includes(role)) page(`staf pengajuan: antrean ${q} (${role})`, who, `/staf/pengajuan?antrean=${q}`);
	for (const st of states) {
		const label = { tte: 'diproses, waiting for the signature', terbit: 'signed', dicabut: 'signed, revoked' }[st] ?? st;
		page(`staf pengajuan detail: ${label} (${role})`, who, () => tabs[who].goto(`${srv.base}/staf/pengajuan/${S.app[st]}`), { path: /^\/staf\/pengajuan\/[A-Z0-9]+$/, text: SHOWS[st] });
	}
}
page('staf pengajuan: search without results (admin)', 'admin', '/staf/pengajuan?q=Tidak%20Ada%20Nama');
page('staf pengajuan: one Grup Pemohon (admin)', 'admin', '/staf/pengajuan?grup=5', { text: /Grup: SD Negeri 2/ });
page('staf pengajuan: unknown Grup Pemohon (admin)', 'admin', '/staf/pengajuan?grup=abc', { text: /Grup tidak dikenal/ });
page('staf pengajuan detail: group mode (admin)', 'admin', () => tabs.admin.goto(`${srv.base}/staf/pengajuan/${S.app.bulk2}`),
	{ path: /^\/staf\/pengajuan\/[A-Z0-9]+$/, text: /Mode<\/dt>.*Grup SD Negeri 2/s });
page('staf pengajuan detail: wrong passphrase (penandatangan)', 'kadis', async (t) => {
	await t.goto(`${srv.base}/staf/pengajuan/${S.app.tte}`);
	await t.fill('#tte-passphrase', 'bukan-passphrase');
	const [res] = await Promise.all([t.waitForNavigation(), t.getByRole('button', { name: 'Tandatangani' }).click()]);
	return res;
}, { status: 422, path: /\/tandatangani$/ });
{
	let i = 0;
	page('staf TTE hasil (bulk signing)', 'kadis', async (t) => {
		await t.goto(`${srv.base}/staf/pengajuan?antrean=tte`);
		await t.check(`#pilih-${S.bulk[i++]}`);
		await t.fill('#tte-banyak-passphrase', PASS);
		const [res] = await Promise.all([t.waitForNavigation(), t.locator('#form-tte-banyak [type="submit"]').click()]);
		return res;
	}, { path: '/staf/tte/tandatangani', text: /Hasil Penandatanganan/ });
}
page('staf pendaftaran (list)', 'vera', '/staf/pendaftaran');
page('staf pendaftaran (detail, waiting)', 'vera', () => tabs.vera.goto(`${srv.base}/staf/pendaftaran/${S.citraId}`), { path: /^\/staf\/pendaftaran\/\d+$/ });
page('staf pendaftaran (reject without a reason)', 'vera', async (t) => {
	await t.goto(`${srv.base}/staf/pendaftaran/${S.citraId}`);
	const form = t.locator('form[action$="/tolak"]');
	t.once('dialog', (d) => d.accept());
	const [res] = await Promise.all([t.waitForNavigation(), form.locator('[type="submit"]').click()]);
	return res;
}, { status: 422, path: /\/tolak$/ });
page('staf pesan (verifikator)', 'vera', '/staf/pesan');
page('staf laporan (admin)', 'admin', '/staf/laporan');
page('staf laporan (penandatangan)', 'kadis', '/staf/laporan');
page('staf layanan (list)', 'admin', '/staf/layanan');
page('staf layanan baru', 'admin', '/staf/layanan/baru');
for (const tab of ['umum', 'teks', 'isian', 'dokumen', 'langkah', 'dokumen-jadi', 'ketersediaan']) {
	page(`staf layanan edit: ${tab}`, 'admin', tab === 'umum' ? `/staf/layanan/${LAYANAN}` : `/staf/layanan/${LAYANAN}/${tab}`);
}
page('staf informasi (list)', 'admin', '/staf/informasi');
page('staf informasi baru', 'admin', '/staf/informasi/baru');
page('staf informasi baru (no title)', 'admin', send('/staf/informasi/baru', (t) => t.fill('[name="isi"]', 'Isi tanpa judul.'), 'form:has([name="judul"]) [type="submit"]'), { status: 422 });
page('staf informasi edit', 'admin', () => tabs.admin.goto(`${srv.base}${S.infoEdit}`), { path: /^\/staf\/informasi\/\d+$/ });
page('staf formulir (list)', 'admin', '/staf/formulir');
page('staf formulir baru', 'admin', '/staf/formulir/baru');
page('staf formulir edit', 'admin', () => tabs.admin.goto(`${srv.base}${S.formEdit}`), { path: /^\/staf\/formulir\/\d+$/ });
page('staf petugas (list)', 'admin', '/staf/petugas');
page('staf petugas baru', 'admin', '/staf/petugas/baru');
page('staf petugas baru (bad input)', 'admin', send('/staf/petugas/baru', (t) => t.fill('[name="username"]', 'x y'), 'form:has([name="username"]) [type="submit"]'), { status: 422 });
page('staf petugas edit', 'admin', () => tabs.admin.goto(`${srv.base}${S.petugasEdit}`), { path: /^\/staf\/petugas\/\d+$/ });
page('staf petugas sandi (one-time password)', 'admin', async (t) => {
	await t.goto(`${srv.base}${S.petugasEdit}`);
	t.once('dialog', (d) => d.accept());
	const [res] = await Promise.all([t.waitForNavigation(), t.locator('form[action$="/reset-password"] [type="submit"]').click()]);
	return res;
}, { path: /\/reset-password$/, text: /Kata Sandi Berhasil Direset/ });
page('staf grup (list)', 'admin', '/staf/grup');
page('staf grup (list, verifikator)', 'vera', '/staf/grup');
page('staf grup baru', 'admin', '/staf/grup/baru');
page('staf grup baru (bad input)', 'admin', send('/staf/grup/baru', (t) => t.fill('#wilayah', '99.99.99'), 'form:has([name="wilayah"]) [type="submit"]'), { status: 422 });
page('staf grup edit', 'admin', () => tabs.admin.goto(`${srv.base}${S.grup}/ubah`), { path: /^\/staf\/grup\/\d+\/ubah$/ });
page('staf grup detail (members)', 'vera', () => tabs.vera.goto(`${srv.base}${S.grup}`), { path: /^\/staf\/grup\/\d+$/, text: /Budi Santoso/ });
page('staf grup detail (NIK refused)', 'vera', async (t) => {
	await t.goto(`${srv.base}${S.grup}`);
	await t.fill('#nik', '3326071505900099');
	const [res] = await Promise.all([t.waitForNavigation(), t.locator('form:has(#nik) [type="submit"]').click()]);
	return res;
}, { status: 422, path: /^\/staf\/grup\/\d+\/anggota$/ });
page('staf pengaturan', 'admin', '/staf/pengaturan');
page('staf audit', 'admin', '/staf/audit');
page('error 403 (role without access)', 'oki', '/staf/petugas', { status: 403 });
page('error 404 (officer)', 'admin', '/staf/tidak-ada', { status: 404 });
