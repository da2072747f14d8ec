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
			// a list still on its way for the old choice must not land
			child.setAttribute('data-wilayah-seq', String((Number(child.getAttribute('data-wilayah-seq')) || 0) + 1));
			childId = child.getAttribute('data-wilayah-child');
		}
	}

	function loadChildren(sel) {
		var child = document.getElementById(sel.getAttribute('data-wilayah-child'));
		clearDescendants(sel);
		if (!child || !sel.value) return;
		// Arrow keys on a closed select fire a change per step, so several
		// requests can be in flight: only the newest one fills the child
		// (clearDescendants has just moved its sequence on).
		var seq = child.getAttribute('data-wilayah-seq');
		var current = function () { return child.getAttribute('data-wilayah-seq') === seq; };
		child.setAttribute('aria-busy', 'true');
		fetch('/api/v1/wilayah?induk=' + encodeURIComponent(sel.value), {
			headers: { 'Accept': 'application/json' }
		}).then(function (res) {
			if (!res.ok) throw new Error('HTTP ' + res.status);
			return res.json();
		}).then(function (list) {
			if (!current()) return;
			clearSelect(child);
			list.forEach(function (w) {
				var opt = document.createElement('option');
				opt.value = w.kode;
				opt.textContent = w.nama;
				child.appendChild(opt);
			});
			child.disabled = false;
		}).catch(function () {
			if (!current()) return;
			var help = document.getElementById(child.id + '-help');
			if (help) help.textContent = 'Daftar wilayah gagal dimuat. Periksa koneksi lalu pilih ulang.';
		}).finally(function () {
			if (current()) child.removeAttribute('aria-busy');
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

	// a select that chooses a page (the service menu on a phone) goes there at
	// once when picked with a pointer; from the keyboard the arrow keys only
	// move the choice and Enter goes there, so a keyboard user can pass by
	document.querySelectorAll('select[data-autosubmit]').forEach(function (sel) {
		var keyed = false;
		function go() {
			if (sel.form) sel.form.requestSubmit ? sel.form.requestSubmit() : sel.form.submit();
		}
		sel.addEventListener('keydown', function (ev) {
			if (ev.key === 'Enter') {
				ev.preventDefault();
				go();
			} else if (ev.key !== 'Tab') {
				keyed = true;
			}
		});
		sel.addEventListener('pointerdown', function () { keyed = false; });
		sel.addEventListener('change', function () {
			if (!keyed) go();
		});
	});

	// Forms that help (issue 13): after a failed submit the server marks each
	// field (.is-invalid, aria-invalid, aria-describedby="FIELD-error"); here
	// a summary above the form lists those errors as links to their fields
	// and takes the focus. Without a field error, a page-level alert about the
	// failed submit takes the focus instead.
	function labelFor(field) {
		var fs = field.closest('fieldset');
		if ((field.type === 'checkbox' || field.type === 'radio') && fs && fs.querySelector('legend') &&
		    fs.querySelectorAll('[name="' + field.name + '"]').length > 1)
			return fs.querySelector('legend').textContent;
		var lab = field.id && document.querySelector('label[for="' + field.id + '"]');
		if (lab) return lab.textContent;
		return field.getAttribute('aria-label') || field.name || '';
	}

	function clean(text) {
		return text.replace(/\*/g, '').replace(/\s+/g, ' ').trim();
	}

	function feedbackFor(field) {
		var ids = (field.getAttribute('aria-describedby') || '').split(/\s+/);
		for (var i = 0; i < ids.length; i++) {
			var el = ids[i] && document.getElementById(ids[i]);
			if (el && el.classList.contains('invalid-feedback')) return el;
		}
		return null;
	}

	function focusField(field) {
		var details = field.closest('details');
		if (details) details.open = true;
		field.focus();
		if (field.scrollIntoView) field.scrollIntoView({ block: 'center' });
	}

	var summaries = [];
	var summaryCount = 0;
	document.querySelectorAll('form').forEach(function (form) {
		var seen = {};
		var items = [];
		form.querySelectorAll('.is-invalid, [aria-invalid="true"]').forEach(function (field) {
			if (!/^(INPUT|SELECT|TEXTAREA)$/.test(field.tagName) || field.type === 'hidden') return;
			var fb = feedbackFor(field);
			var key = fb ? fb.id : field.name + '#' + field.id;
			if (seen[key]) return;
			seen[key] = true;
			if (!fb) return;	/* its message is in a page-level alert */
			if (!field.id) field.id = 'isian-' + (field.name || items.length).replace(/[^\w-]/g, '_');
			items.push({ field: field, label: clean(labelFor(field)), msg: clean(fb.textContent) });
		});
		if (!items.length) return;
		var n = ++summaryCount;
		var box = document.createElement('div');
		box.className = 'alert alert-danger error-summary';
		box.setAttribute('role', 'alert');
		box.setAttribute('tabindex', '-1');
		box.setAttribute('aria-labelledby', 'ringkasan-salah-' + n);
		box.id = 'ringkasan-salah-kotak-' + n;
		var h = document.createElement('h2');
		h.className = 'h6 fw-semibold';
		h.id = 'ringkasan-salah-' + n;
		h.textContent = 'Periksa kembali isian berikut:';
		box.appendChild(h);
		var ul = document.createElement('ul');
		ul.className = 'mb-0';
		items.forEach(function (it) {
			var li = document.createElement('li');
			var a = document.createElement('a');
			a.href = '#' + it.field.id;
			a.className = 'alert-link';
			// "Nama Lengkap: Nama lengkap wajib diisi." says the name twice
			var named = !it.label || it.msg.toLowerCase().indexOf(it.label.toLowerCase()) === 0;
			a.textContent = named ? it.msg || it.label : it.label + ': ' + it.msg;
			a.addEventListener('click', function (ev) {
				ev.preventDefault();
				focusField(it.field);
			});
			li.appendChild(a);
			ul.appendChild(li);
		});
		box.appendChild(ul);
		form.parentNode.insertBefore(box, form);
		summaries.push(box);
	});

	function failedSubmit() {
		var nav = window.performance && performance.getEntriesByType && performance.getEntriesByType('navigation')[0];
		return nav && nav.responseStatus ? nav.responseStatus >= 400 : null;
	}

	if (summaries.length) {
		summaries[0].focus();
	} else {
		// a failed submit whose error is about no one field (wrong password,
		// too many tries): its alert takes the focus
		var failed = failedSubmit();
		var alerts = document.querySelectorAll('main .alert-danger[role="alert"], main .alert-warning[role="alert"]');
		for (var i = 0; i < alerts.length; i++) {
			var al = alerts[i];
			var nearForm = al.parentNode && al.parentNode.querySelector('form');
			if (failed === true || (failed === null && nearForm && al.classList.contains('alert-danger'))) {
				if (!al.hasAttribute('tabindex')) al.setAttribute('tabindex', '-1');
				al.focus();
				break;
			}
		}
	}

	// the chat shows its newest message, the one just sent, at the bottom;
	// a list that scrolls can be scrolled from the keyboard too
	document.querySelectorAll('.chat-list').forEach(function (list) {
		list.scrollTop = list.scrollHeight;
		if (list.scrollHeight > list.clientHeight && !list.hasAttribute('tabindex')) {
			list.setAttribute('tabindex', '0');
			list.setAttribute('role', 'region');
			list.setAttribute('aria-label', 'Daftar pesan');
		}
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
