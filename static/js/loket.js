// SPDX-License-Identifier: MIT
// Small progressive enhancements: region selects, password eye, confirmations.
(function () {
	'use strict';

	function clearSelect(sel) {
		var placeholder = sel.getAttribute('data-placeholder') || 'Pilih...';
		sel.innerHTML = '';
		var opt = document.createElement('option');
		opt.value = '';
		opt.textContent = placeholder;
		sel.appendChild(opt);
	}

	function clearDescendants(sel) {
		var childId = sel.getAttribute('data-wilayah-child');
		while (childId) {
			var child = document.getElementById(childId);
			if (!child) break;
			clearSelect(child);
			child.disabled = true;
			childId = child.getAttribute('data-wilayah-child');
		}
	}

	function loadChildren(sel) {
		var child = document.getElementById(sel.getAttribute('data-wilayah-child'));
		clearDescendants(sel);
		if (!child || !sel.value) return;
		child.setAttribute('aria-busy', 'true');
		fetch('/api/v1/wilayah?induk=' + encodeURIComponent(sel.value), {
			headers: { 'Accept': 'application/json' }
		}).then(function (res) {
			if (!res.ok) throw new Error('HTTP ' + res.status);
			return res.json();
		}).then(function (list) {
			list.forEach(function (w) {
				var opt = document.createElement('option');
				opt.value = w.kode;
				opt.textContent = w.nama;
				child.appendChild(opt);
			});
			child.disabled = false;
		}).catch(function () {
			var help = document.getElementById(child.id + '-help');
			if (help) help.textContent = 'Daftar wilayah gagal dimuat. Periksa koneksi lalu pilih ulang.';
		}).finally(function () {
			child.removeAttribute('aria-busy');
		});
	}

	document.querySelectorAll('select[data-wilayah-child]').forEach(function (sel) {
		sel.addEventListener('change', function () { loadChildren(sel); });
	});

	document.querySelectorAll('[data-toggle-password]').forEach(function (btn) {
		btn.addEventListener('click', function () {
			var input = document.getElementById(btn.getAttribute('data-toggle-password'));
			if (!input) return;
			var show = input.type === 'password';
			input.type = show ? 'text' : 'password';
			btn.setAttribute('aria-pressed', show ? 'true' : 'false');
			btn.setAttribute('aria-label', show ? 'Sembunyikan kata kunci' : 'Tampilkan kata kunci');
		});
	});

	document.querySelectorAll('form[data-confirm]').forEach(function (form) {
		form.addEventListener('submit', function (ev) {
			if (!window.confirm(form.getAttribute('data-confirm'))) ev.preventDefault();
		});
	});

	// a select that chooses a page (the service menu on a phone) goes there at once
	document.querySelectorAll('select[data-autosubmit]').forEach(function (sel) {
		sel.addEventListener('change', function () {
			if (sel.form) sel.form.requestSubmit ? sel.form.requestSubmit() : sel.form.submit();
		});
	});

	// prevent double submission of forms (a second click would burn a captcha)
	document.querySelectorAll('form').forEach(function (form) {
		form.addEventListener('submit', function (ev) {
			if (ev.defaultPrevented) return;
			if (form.dataset.sent) { ev.preventDefault(); return; }
			form.dataset.sent = '1';
		});
	});
})();
