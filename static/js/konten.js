// SPDX-License-Identifier: MIT
// Catalog editor helpers: add list rows from a template, confirm deletions, warn before typed changes are lost.
(function () {
	'use strict';

	// "Tambah Baris": copy the blank row of a <template>, numbering it
	document.querySelectorAll('[data-tambah-baris]').forEach(function (btn) {
		var box = document.getElementById(btn.getAttribute('data-tambah-baris'));
		var tpl = document.getElementById(btn.getAttribute('data-template'));
		if (!box || !tpl || !tpl.content) return;
		btn.hidden = false;
		btn.addEventListener('click', function () {
			var n = parseInt(box.getAttribute('data-next') || '0', 10);
			var row = tpl.content.cloneNode(true);
			row.querySelectorAll('[id], [name], [for]').forEach(function (el) {
				['id', 'name', 'for'].forEach(function (a) {
					var v = el.getAttribute(a);
					if (v) el.setAttribute(a, v.replace(/__N__/g, String(n)));
				});
			});
			box.setAttribute('data-next', String(n + 1));
			var first = row.querySelector('input:not([type=hidden])');
			box.appendChild(row);
			if (first) first.focus();
		});
	});

	// a field's limits and options show only for the types that use them
	document.querySelectorAll('form[data-konten-form] select[name="jenis"]').forEach(function (sel) {
		var show = function () {
			sel.form.querySelectorAll('[data-jenis]').forEach(function (el) {
				el.hidden = el.getAttribute('data-jenis').split(' ').indexOf(sel.value) < 0;
			});
		};
		sel.addEventListener('change', show);
		show();
	});

	// a button that deletes asks first
	document.querySelectorAll('button[data-confirm]').forEach(function (btn) {
		btn.addEventListener('click', function (ev) {
			if (!window.confirm(btn.getAttribute('data-confirm'))) ev.preventDefault();
		});
	});

	// several forms on one page save separately: saving one drops what
	// was typed in the others, so say so first
	var forms = Array.prototype.slice.call(document.querySelectorAll('form[data-konten-form]'));
	var leaving = false;
	forms.forEach(function (f) {
		var mark = function () { f.setAttribute('data-diubah', '1'); };
		f.addEventListener('input', mark);
		f.addEventListener('change', mark);
	});
	// capture on the document: runs before loket.js marks the form as sent
	document.addEventListener('submit', function (ev) {
		var f = ev.target;
		if (forms.indexOf(f) < 0) return;
		var others = forms.some(function (g) { return g !== f && g.hasAttribute('data-diubah'); });
		if (others && !window.confirm('Ada perubahan di bagian lain halaman ini yang belum disimpan dan akan hilang. Simpan bagian ini saja?')) {
			ev.preventDefault();
			return;
		}
		leaving = true;
	}, true);
	window.addEventListener('beforeunload', function (ev) {
		if (leaving || !forms.some(function (g) { return g.hasAttribute('data-diubah'); })) return;
		ev.preventDefault();
		ev.returnValue = '';
	});
})();
