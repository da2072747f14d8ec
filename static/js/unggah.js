// SPDX-License-Identifier: MIT
// Uploading on a phone (issue 13): every form[data-unggah] checks the chosen
// file's size and type before anything is sent, keeps one file of its file
// inputs (the picker or the camera), and sends it with a progress bar. The
// server's answer is then shown as the browser would have shown it: the page
// a redirect leads to, or the form with its errors. Without this script the
// plain form post does the same; the server enforces every limit either way.
//
// Attributes of the form: data-max-bytes (the server's limit for one file),
// data-max-mb (the same, for people), data-ekstensi (allowed extensions,
// comma-separated), data-format (the allowed formats, for people),
// data-unggah-wajib when a file must be chosen (as a required file input
// says too), and optionally data-unggah-anchor (the id to scroll to after a redirect, as
// the Location's fragment is not visible to the script). An element with
// data-unggah-pesan inside the form receives the messages.
(function () {
	'use strict';

	var MB = 1048576;

	function ekstensi(name) {
		var i = name.lastIndexOf('.');
		return i < 0 ? '' : name.slice(i + 1).toLowerCase();
	}

	// rounded up to 0.1 MB, so that a file just over the limit never reads as the limit itself
	function mb(bytes) {
		return (Math.ceil(bytes * 10 / MB) / 10).toFixed(1).replace('.', ',') + ' MB';
	}

	function tanpaHash(url) {
		var i = url.indexOf('#');
		return i < 0 ? url : url.slice(0, i);
	}

	function setup(form, n) {
		var inputs = Array.prototype.slice.call(form.querySelectorAll('input[type="file"]'));
		var max = parseInt(form.getAttribute('data-max-bytes'), 10) || 0;
		var maxMb = form.getAttribute('data-max-mb') || String(Math.round(max * 10 / MB) / 10).replace('.', ',');
		var allowed = (form.getAttribute('data-ekstensi') || '').toLowerCase().split(',').filter(Boolean);
		var format = form.getAttribute('data-format') || allowed.join(', ');
		var submit = form.querySelector('button[type="submit"], input[type="submit"]');
		var pesan = form.querySelector('[data-unggah-pesan]');
		var kamera = inputs.some(function (i) { return i.hasAttribute('capture'); });
		// a file must be chosen (data-unggah-wajib, or a required input); otherwise the form may go without one
		var wajib = form.hasAttribute('data-unggah-wajib') || inputs.some(function (i) { return i.required; });
		var busy = false;
		var progres = null;

		if (!inputs.length)
			return;
		if (!pesan) {
			pesan = document.createElement('div');
			pesan.className = 'invalid-feedback unggah-pesan';
			pesan.setAttribute('role', 'alert');
			pesan.hidden = true;
			inputs[inputs.length - 1].insertAdjacentElement('afterend', pesan);
		}
		if (!pesan.id)
			pesan.id = 'unggah-pesan-' + n;

		function tandai(input, text) {
			var ids = (input.getAttribute('aria-describedby') || '').split(/\s+/).filter(function (id) {
				return id && id !== pesan.id;
			});

			if (text) {
				ids.push(pesan.id);
				input.classList.add('is-invalid');
				input.setAttribute('aria-invalid', 'true');
			} else {
				input.classList.remove('is-invalid');
				input.removeAttribute('aria-invalid');
			}
			if (ids.length)
				input.setAttribute('aria-describedby', ids.join(' '));
			else
				input.removeAttribute('aria-describedby');
		}

		function tampilPesan(input, text) {
			inputs.forEach(function (i) { tandai(i, i === input ? text : ''); });
			pesan.textContent = text || '';
			pesan.hidden = !text;
		}

		// the reason a file cannot be sent, or '' when it can
		function periksa(file) {
			if (allowed.length && allowed.indexOf(ekstensi(file.name)) < 0)
				return 'Jenis file "' + file.name + '" tidak dapat diunggah. Pilih file berformat ' + format + '.' +
					(kamera ? ' Jika memotret, gunakan aplikasi kamera bawaan ponsel.' : '');
			if (file.size === 0)
				return 'File "' + file.name + '" kosong (0 byte). Pilih kembali file hasil scan atau foto dokumen.';
			if (max && file.size > max)
				return 'Ukuran file "' + file.name + '" ' + mb(file.size) + ', melebihi batas ' + maxMb +
					' MB. Pilih file yang lebih kecil, atau foto/scan ulang dengan resolusi lebih rendah' +
					' (misalnya 150 atau 200 DPI).';
			return '';
		}

		function pilihan() {
			for (var i = 0; i < inputs.length; i++)
				if (inputs[i].files && inputs[i].files.length)
					return inputs[i];
			return null;
		}

		// the server's message about the last file no longer applies to a new one
		function lupakanGalat(input) {
			var ids = (input.getAttribute('aria-describedby') || '').split(/\s+/).filter(function (id) {
				var el = id && id !== pesan.id && document.getElementById(id);

				if (el && el.classList.contains('invalid-feedback')) {
					el.classList.remove('d-block');
					el.hidden = true;
					return false;
				}
				return !!id;
			});

			if (ids.length)
				input.setAttribute('aria-describedby', ids.join(' '));
			else
				input.removeAttribute('aria-describedby');
		}

		inputs.forEach(function (input) {
			input.addEventListener('change', function () {
				inputs.forEach(lupakanGalat);
				if (!input.files || !input.files.length) {
					tampilPesan(null, '');
					return;
				}
				// one file per upload: the picker or the camera, whichever was used last
				inputs.forEach(function (other) { if (other !== input) other.value = ''; });
				tampilPesan(input, periksa(input.files[0]));
			});
		});

		function bar() {
			if (progres)
				return progres;
			var wrap = document.createElement('div');
			var row = document.createElement('div');
			var label = document.createElement('span');
			var persen = document.createElement('span');
			var meter = document.createElement('progress');
			var batal = document.createElement('button');

			wrap.className = 'unggah-progres mb-3';
			row.className = 'd-flex justify-content-between small mb-1';
			label.id = 'unggah-label-' + n;
			persen.className = 'unggah-persen fw-semibold';
			persen.setAttribute('aria-hidden', 'true');
			meter.max = 100;
			meter.value = 0;
			meter.setAttribute('aria-labelledby', label.id);
			batal.type = 'button';
			batal.className = 'btn btn-link btn-sm px-0';
			batal.textContent = 'Batalkan unggahan';
			row.appendChild(label);
			row.appendChild(persen);
			wrap.appendChild(row);
			wrap.appendChild(meter);
			wrap.appendChild(batal);
			if (submit && submit.parentNode === form)
				form.insertBefore(wrap, submit);
			else
				form.appendChild(wrap);
			progres = { wrap: wrap, label: label, persen: persen, meter: meter, batal: batal };
			return progres;
		}

		function tunjuk(p, text) {
			var b = bar();

			b.wrap.hidden = false;
			b.meter.value = p;
			b.persen.textContent = p + '%';
			b.label.textContent = text;
		}

		// the upload ended without an answer: the form is usable again, the focus back on the file
		function selesai(text) {
			var input = pilihan() || inputs[0];

			busy = false;
			if (submit)
				submit.disabled = false;
			if (progres)
				progres.wrap.hidden = true;
			tampilPesan(input, text);
			input.focus();
		}

		// the server's answer replaces this page, as a plain post would have
		function tampilkan(html, url) {
			var anchor = form.getAttribute('data-unggah-anchor');

			if (url)
				history.replaceState(null, '', url + (anchor ? '#' + anchor : ''));
			document.open();
			if (url && anchor)
				document.addEventListener('DOMContentLoaded', function () {
					var el = document.getElementById(anchor);
					if (el)
						el.scrollIntoView();
				});
			document.write(html);
			document.close();
		}

		form.addEventListener('submit', function (ev) {
			var input, file, why, data, xhr, name;

			if (busy) {
				ev.preventDefault();
				return;
			}
			input = pilihan();
			if (!input && !wajib)
				return; // nothing to upload: the plain post
			if (!input) {
				ev.preventDefault();
				tampilPesan(inputs[0], 'Pilih file dokumen' + (inputs.length > 1 ? ' atau ambil foto' : '') +
					' yang akan diunggah.');
				inputs[0].focus();
				return;
			}
			file = input.files[0];
			why = periksa(file);
			if (why) {
				ev.preventDefault();
				tampilPesan(input, why);
				input.focus();
				return;
			}
			if (!window.FormData || !window.XMLHttpRequest || !('upload' in new XMLHttpRequest()))
				return; // the plain post
			ev.preventDefault();
			tampilPesan(null, '');
			busy = true;
			if (submit)
				submit.disabled = true;
			data = new FormData(form);
			name = input.name;
			data.delete(name);
			data.append(name, file, file.name);
			xhr = new XMLHttpRequest();
			xhr.open('POST', form.action);
			xhr.setRequestHeader('Accept', 'text/html');
			xhr.upload.addEventListener('progress', function (e) {
				if (e.lengthComputable)
					tunjuk(Math.min(100, Math.floor(e.loaded * 100 / e.total)), 'Mengunggah ' + file.name + '…');
			});
			xhr.upload.addEventListener('load', function () {
				tunjuk(100, 'Terunggah. Memproses file…');
			});
			xhr.addEventListener('load', function () {
				var url = xhr.responseURL || form.action;

				if (!xhr.responseText) {
					selesai('Server tidak memberi jawaban (kode ' + xhr.status + '). Silakan coba lagi.');
					return;
				}
				tampilkan(xhr.responseText, tanpaHash(url) !== tanpaHash(form.action) ? url : null);
			});
			xhr.addEventListener('error', function () {
				selesai('Unggahan gagal karena koneksi terputus. Periksa koneksi internet, lalu tekan ' +
					(submit ? submit.textContent.trim() : 'Simpan') + ' lagi.');
			});
			xhr.addEventListener('abort', function () {
				selesai('Unggahan dibatalkan. File belum tersimpan.');
			});
			tunjuk(0, 'Mengunggah ' + file.name + '…');
			progres.batal.onclick = function () { xhr.abort(); };
			xhr.send(data);
		}, true);
	}

	Array.prototype.forEach.call(document.querySelectorAll('form[data-unggah]'), setup);
})();
