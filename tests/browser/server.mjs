// SPDX-License-Identifier: MIT
// Starts a real loket server with a fresh data directory for browser tests.
import { spawn, execFileSync } from 'node:child_process';
import { createHmac } from 'node:crypto';
import { mkdtempSync, rmSync, readFileSync, existsSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

const top = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const bin = process.env.LOKET_BIN || join(top, 'build', 'loket');

function freePort() {
	return new Promise((resolve, reject) => {
		const s = createServer();
		s.unref();
		s.on('error', reject);
		s.listen(0, '127.0.0.1', () => {
			const { port } = s.address();
			s.close(() => resolve(port));
		});
	});
}

// With LOKET_TEST_DATABASE_URL (a PostgreSQL maintenance database), each
// server gets a fresh database of its own; otherwise SQLite in its data dir.
function createDatabase() {
	const admin = process.env.LOKET_TEST_DATABASE_URL;
	if (!admin) return null;
	const name = `loket_b${process.pid}_${Date.now()}`;
	execFileSync('psql', [admin, '-qc', `CREATE DATABASE ${name}`], { stdio: 'ignore' });
	return { name, url: admin.replace(/\/[^/]*$/, `/${name}`) };
}

function dropDatabase(db) {
	if (!db) return;
	execFileSync('psql', [process.env.LOKET_TEST_DATABASE_URL, '-qc', `DROP DATABASE IF EXISTS ${db.name} WITH (FORCE)`],
		{ stdio: 'ignore' });
}

export async function startServer(env = {}) {
	const dir = mkdtempSync(join(tmpdir(), 'loket-browser-'));
	const port = await freePort();
	const base = `http://127.0.0.1:${port}`;
	const db = createDatabase();
	const fullEnv = { ...process.env, LOKET_DATA_DIR: dir, LOKET_BASE_URL: base, ...env };
	if (db) fullEnv.LOKET_DATABASE_URL = db.url;
	execFileSync(bin, ['migrate'], { env: fullEnv, stdio: 'ignore' });
	execFileSync(bin, ['import-regions', join(top, 'tests', 'fixtures', 'regions')], { env: fullEnv, stdio: 'ignore' });
	const out = execFileSync(bin, ['admin', 'add', 'admin', '--role', 'admin', '--nama', 'Admin Dinas'],
		{ env: fullEnv }).toString().trim().split('\n');
	const adminPassword = out[out.length - 1];
	const proc = spawn(bin, ['serve', '--listen', `127.0.0.1:${port}`], { env: fullEnv, stdio: 'ignore' });
	for (let i = 0; i < 200; i++) {
		try {
			const res = await fetch(`${base}/static/css/loket.css`);
			if (res.ok) break;
		} catch { /* not up yet */ }
		await new Promise((r) => setTimeout(r, 50));
	}
	return {
		base,
		dir,
		adminPassword,
		outbox() {
			const f = join(dir, 'outbox.jsonl');
			if (!existsSync(f)) return [];
			return readFileSync(f, 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l));
		},
		async link(marker) {
			for (let i = 0; i < 100; i++) {
				const msgs = this.outbox().filter((m) => m.body.includes(marker));
				if (msgs.length) {
					const m = msgs[msgs.length - 1].body.match(/https?:\/\/\S+/g).find((u) => u.includes(marker));
					if (m) return m;
				}
				await new Promise((r) => setTimeout(r, 50));
			}
			throw new Error(`no message with ${marker} in the outbox`);
		},
		// Runs one SQL statement on the server's database (test set-up only).
		sql(statement) {
			if (db) execFileSync('psql', [db.url, '-qc', statement], { stdio: 'ignore' });
			else execFileSync('sqlite3', [join(dir, 'loket.db'), statement], { stdio: 'ignore' });
		},
		async stop() {
			const exited = new Promise((r) => proc.once('exit', r));
			proc.kill('SIGTERM');
			await exited;
			dropDatabase(db);
			rmSync(dir, { recursive: true, force: true });
		},
	};
}

// Sends a request to the JSON API; answers { status, json }.
export async function api(base, method, path, { body, form, token } = {}) {
	const headers = {};
	if (token) headers.Authorization = `Bearer ${token}`;
	if (body) headers['Content-Type'] = 'application/json';
	const res = await fetch(`${base}${path}`, { method, headers, body: body ? JSON.stringify(body) : form });
	const json = await res.json().catch(() => null);
	return { status: res.status, json };
}

// The same, failing unless the answer has the status wanted; answers the JSON.
export async function apiOk(base, want, method, path, opts) {
	const r = await api(base, method, path, opts);
	if (r.status !== want) throw new Error(`${method} ${path}: ${r.status} ${JSON.stringify(r.json)}`);
	return r.json;
}

// A new API captcha, answered: { captcha_id, captcha_jawaban }.
export async function apiCaptcha(base) {
	const c = await apiOk(base, 200, 'GET', '/api/v1/captcha');
	const m = c.question.match(/Berapa (\d+) (ditambah|dikurangi|dikali) (\d+)/);
	const a = Number(m[1]);
	const b = Number(m[3]);
	return { captcha_id: c.id, captcha_jawaban: m[2] === 'ditambah' ? a + b : m[2] === 'dikurangi' ? a - b : a * b };
}

// Clicks and waits for the page it leads to.
export async function click(page, locator) {
	await Promise.all([page.waitForLoadState('domcontentloaded'), locator.click()]);
}

// A photo-like JPEG with a caption, drawn by the browser itself.
export async function photo(page, label = 'KTP-el CONTOH') {
	const data = await page.evaluate((text) => {
		const c = document.createElement('canvas');
		c.width = 800;
		c.height = 500;
		const g = c.getContext('2d');
		g.fillStyle = '#dfe9f7';
		g.fillRect(0, 0, 800, 500);
		g.fillStyle = '#123';
		g.font = '48px sans-serif';
		g.fillText(text, 60, 120);
		for (let i = 0; i < 400; i++) {
			g.fillStyle = `rgb(${(i * 37) % 255},${(i * 91) % 255},${(i * 53) % 255})`;
			g.fillRect((i * 97) % 800, (i * 61) % 500, 6, 6);
		}
		return c.toDataURL('image/jpeg', 0.85).split(',')[1];
	}, label);
	return Buffer.from(data, 'base64');
}

export const chromiumArgs = [
	'--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
	'--disable-background-networking', '--disable-component-update', '--disable-sync',
	'--disable-dev-shm-usage',
];

// Answers "Berapa A ditambah|dikurangi|dikali B ?" shown on the page.
export async function solveCaptcha(page) {
	const q = (await page.locator('.captcha-q').first().textContent()).trim();
	const m = q.match(/Berapa (\d+) (ditambah|dikurangi|dikali) (\d+)/);
	if (!m) throw new Error(`unexpected captcha: ${q}`);
	const a = Number(m[1]);
	const b = Number(m[3]);
	const v = m[2] === 'ditambah' ? a + b : m[2] === 'dikurangi' ? a - b : a * b;
	await page.fill('input[name="captcha"]', String(v));
}

// Opens the registration form and fills it as Siti Aminah would, choosing
// the region step by step; the caller answers the captcha and sends it.
export async function fillRegistration(page, base, { nik, password, phone = '081234567890', kk = '3326071409230009' }) {
	await page.goto(`${base}/pemohon/daftar`);
	await page.fill('[name="nik"]', nik);
	await page.fill('[name="nama"]', 'Siti Aminah');
	await page.fill('[name="no_kk"]', kk);
	await page.fill('[name="tempat_lahir"]', 'Pekalongan');
	await page.fill('[name="tanggal_lahir"]', '15-05-1990');
	await page.fill('[name="nama_ibu"]', 'Sri Wahyuni');
	await page.selectOption('[name="provinsi"]', '33');
	await page.waitForSelector('[name="kabupaten"] option[value="33.26"]', { state: 'attached' });
	await page.selectOption('[name="kabupaten"]', '33.26');
	await page.waitForSelector('[name="kecamatan"] option[value="33.26.07"]', { state: 'attached' });
	await page.selectOption('[name="kecamatan"]', '33.26.07');
	await page.waitForSelector('[name="kode_desa"] option[value="33.26.07.2008"]', { state: 'attached' });
	await page.selectOption('[name="kode_desa"]', '33.26.07.2008');
	await page.fill('[name="no_hp"]', phone);
	await page.fill('[name="email"]', 'siti@example.com');
	await page.fill('[name="password"]', password);
	await page.fill('[name="password2"]', password);
}

// The resident's pages must fit a 360 px phone: no sideways scrolling.
export async function assertFits(page) {
	const width = await page.evaluate(() => document.documentElement.scrollWidth);
	if (width > 360) throw new Error(`${page.url()} is ${width}px wide`);
}

// ---- two-factor login: the officer's authenticator app ----

function base32(text) {
	const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
	let bits = 0;
	let acc = 0;
	const out = [];
	for (const ch of text.replace(/[\s=-]/g, '').toUpperCase()) {
		acc = (acc << 5) | alphabet.indexOf(ch);
		bits += 5;
		if (bits >= 8) {
			out.push((acc >>> (bits - 8)) & 0xff);
			bits -= 8;
		}
	}
	return Buffer.from(out);
}

// The six-digit TOTP (RFC 6238: HMAC-SHA1, 30 s steps) of a base32 secret.
export function totp(secret, step) {
	const msg = Buffer.alloc(8);
	msg.writeBigUInt64BE(BigInt(step));
	const md = createHmac('sha1', base32(secret)).update(msg).digest();
	const off = md[md.length - 1] & 0x0f;
	return String((md.readUInt32BE(off) & 0x7fffffff) % 1000000).padStart(6, '0');
}

// An app holding one secret. The server accepts each time step once, so
// code() hands out t-1, t and t+1 in turn and waits for the next step only
// when those are used.
export function authenticator(secret) {
	let last = -1;
	return {
		secret,
		async code() {
			for (;;) {
				const now = Date.now() / 1000;
				const cur = Math.floor(now / 30);
				const step = Math.max(now % 30 < 22 ? cur - 1 : cur, last + 1);
				if (step <= cur + 1) {
					last = step;
					return totp(secret, step);
				}
				await new Promise((r) => setTimeout(r, (30 - (now % 30)) * 1000 + 50));
			}
		},
	};
}

// On the enrolment page: reads the secret shown for manual entry, types
// the app's first code and confirms. Returns the app and the recovery
// codes shown once.
export async function enrol(page) {
	const app = authenticator((await page.locator('#rahasia').textContent()).trim());
	await page.fill('#kode', await app.code());
	await Promise.all([page.waitForLoadState('domcontentloaded'), page.getByRole('button', { name: 'Aktifkan' }).click()]);
	const recovery = await page.locator('code.kode-pemulihan').allTextContents();
	if (recovery.length !== 10) throw new Error(`enrolment: ${recovery.length} recovery codes on ${page.url()}`);
	return { app, recovery };
}
