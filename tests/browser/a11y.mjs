// SPDX-License-Identifier: MIT
// The accessibility and phone-fit checks run on every page type:
// axe-core (WCAG 2.1 A and AA), sideways scrolling, squeezed text.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const axeSource = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

export const AXE_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];

// axe-core's violations on the page, as readable lines ("rule: target, …").
export async function axeViolations(page) {
	if (!(await page.evaluate(() => typeof window.axe === 'object'))) await page.evaluate(axeSource); // past the CSP, as DevTools would
	const res = await page.evaluate(async (tags) => {
		const r = await window.axe.run(document, { runOnly: { type: 'tag', values: tags }, resultTypes: ['violations'] });
		return r.violations.map((v) => ({
			id: v.id,
			nodes: v.nodes.map((n) => `${n.target.join(' ')} ${n.failureSummary ? n.failureSummary.split('\n').slice(1, 2).join('').trim() : ''}`),
		}));
	}, AXE_TAGS);
	return res.map((v) => `${v.id} (${v.nodes.length}): ${v.nodes.slice(0, 5).join(' | ')}`);
}

// Layout faults at the current viewport: the page scrolls sideways, or the
// text of a table cell or list item runs out of its box or breaks inside a
// word of at most 24 characters (a longer token such as a hash or a link
// may wrap; so may a word at a hyphen or slash).
export async function layoutFaults(page) {
	return page.evaluate(() => {
		const out = [];
		const vw = document.documentElement.clientWidth;
		if (document.documentElement.scrollWidth > vw) out.push(`page is ${document.documentElement.scrollWidth}px wide in a ${vw}px viewport`);
		const name = (el) => el.tagName.toLowerCase() + (el.id ? `#${el.id}` : '') +
			(el.className && typeof el.className === 'string' ? `.${el.className.trim().split(/\s+/).slice(0, 2).join('.')}` : '');
		const visible = (el) => {
			const s = getComputedStyle(el);
			if (s.display === 'none' || s.visibility === 'hidden') return false;
			const r = el.getBoundingClientRect();
			return r.width > 0 && r.height > 0;
		};
		for (const el of document.querySelectorAll('td, th, li, dd, dt')) {
			if (!visible(el) || el.closest('[hidden], .visually-hidden, .modal:not(.show)')) continue;
			if (el.scrollWidth > el.clientWidth + 1 && getComputedStyle(el).overflowX === 'visible') {
				out.push(`${name(el)} "${el.textContent.trim().slice(0, 30)}" runs out of its box (${el.scrollWidth} > ${el.clientWidth}px)`);
				continue;
			}
			const walker = document.createTreeWalker(el, NodeFilter.SHOW_TEXT);
			let broken = null;
			for (let t = walker.nextNode(); t && !broken; t = walker.nextNode()) {
				const p = t.parentElement;
				if (!p || !visible(p)) continue;
				// a break after a hyphen or slash is fine; so is any break in a
				// run of more than 24 characters without a space (a link holding
				// a 24-character code broke inside the code, and a link may wrap)
				const re = /[^\s\-\/]+/g;
				const long = [...t.data.matchAll(/\S{25,}/g)].map((l) => [l.index, l.index + l[0].length]);
				let m;
				while ((m = re.exec(t.data)) && !broken) {
					if (m[0].length < 2 || m[0].length > 24) continue;
					if (long.some(([from, to]) => m.index >= from && m.index < to)) continue;
					const range = document.createRange();
					range.setStart(t, m.index);
					range.setEnd(t, m.index + m[0].length);
					const tops = new Set([...range.getClientRects()].filter((r) => r.width > 0).map((r) => Math.round(r.top)));
					if (tops.size > 1) broken = m[0];
				}
			}
			if (broken) out.push(`${name(el)}: the word "${broken}" breaks across lines (box ${el.clientWidth}px)`);
		}
		return out;
	});
}

// Both checks at once; returns the list of faults (empty when the page passes).
export async function pageFaults(page) {
	return [...(await axeViolations(page)), ...(await layoutFaults(page))];
}
