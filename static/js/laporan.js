// SPDX-License-Identifier: MIT
// Charts of the report page (Chart.js), drawn from the JSON in #laporan-grafik; the tables stay the source.
(function () {
	'use strict';

	var holder = document.getElementById('laporan-grafik');
	if (!holder || typeof window.Chart === 'undefined') return;
	var data;
	try {
		data = JSON.parse(holder.getAttribute('data-grafik') || '{}');
	} catch (e) {
		return;
	}

	var BIRU = '#0b4ea2', HIJAU = '#198754', MERAH = '#dc3545';
	var WARNA = ['#6c757d', '#0b4ea2', '#fd7e14', '#0dcaf0', '#dc3545', '#6f42c1', '#20c997', '#198754'];
	var angka = new Intl.NumberFormat('id-ID');

	window.Chart.defaults.font.family = getComputedStyle(document.body).fontFamily;
	window.Chart.defaults.animation = window.matchMedia('(prefers-reduced-motion: reduce)').matches ? false : window.Chart.defaults.animation;

	// Shows the canvas' wrapper at its height (a phone gets a little less) and draws.
	function draw(id, config) {
		var canvas = document.getElementById(id);
		if (!canvas) return;
		var wrap = canvas.parentNode;
		var h = parseInt(wrap.getAttribute('data-tinggi'), 10) || 280;
		if (window.innerWidth < 576) h = Math.round(h * 0.85);
		wrap.style.height = h + 'px';
		wrap.hidden = false;
		config.options = config.options || {};
		config.options.responsive = true;
		config.options.maintainAspectRatio = false;
		config.options.plugins = config.options.plugins || {};
		config.options.plugins.tooltip = {
			callbacks: {
				label: function (ctx) {
					var v = ctx.parsed && typeof ctx.parsed === 'object' ? (config.options.indexAxis === 'y' ? ctx.parsed.x : ctx.parsed.y) : ctx.parsed;
					return (ctx.dataset.label ? ctx.dataset.label + ': ' : '') + angka.format(v);
				}
			}
		};
		new window.Chart(canvas, config);
	}

	var ticks = { precision: 0, callback: function (v) { return angka.format(v); } };

	if (data.waktu) {
		draw('grafik-waktu', {
			type: 'bar',
			data: { labels: data.waktu.labels, datasets: [{ label: 'Pengajuan', data: data.waktu.data, backgroundColor: BIRU }] },
			options: { plugins: { legend: { display: false } }, scales: { y: { beginAtZero: true, ticks: ticks }, x: { ticks: { autoSkip: true, maxRotation: 0 } } } }
		});
	}
	if (data.status) {
		draw('grafik-status', {
			type: 'doughnut',
			data: { labels: data.status.labels, datasets: [{ data: data.status.data, backgroundColor: WARNA }] },
			options: { plugins: { legend: { position: 'bottom', labels: { boxWidth: 12 } } } }
		});
	}
	if (data.layanan) {
		draw('grafik-layanan', {
			type: 'bar',
			data: { labels: data.layanan.labels, datasets: [{ label: 'Pengajuan', data: data.layanan.data, backgroundColor: BIRU }] },
			options: {
				indexAxis: 'y',
				plugins: { legend: { display: false } },
				scales: {
					x: { beginAtZero: true, ticks: ticks },
					y: {
						ticks: {
							autoSkip: false,
							font: { size: 11 },
							// long service names are cut on a phone; the table has them whole
							callback: function (v) {
								var s = this.getLabelForValue(v), max = window.innerWidth < 576 ? 18 : 40;
								return s.length > max ? s.slice(0, max - 1) + '\u2026' : s;
							}
						}
					}
				}
			}
		});
	}
	if (data.pendaftaran) {
		draw('grafik-pendaftaran', {
			type: 'bar',
			data: {
				labels: data.pendaftaran.labels,
				datasets: [
					{ label: 'Disetujui', data: data.pendaftaran.disetujui, backgroundColor: HIJAU },
					{ label: 'Ditolak', data: data.pendaftaran.ditolak, backgroundColor: MERAH }
				]
			},
			options: { plugins: { legend: { position: 'bottom' } }, scales: { x: { stacked: true, ticks: { autoSkip: true, maxRotation: 0 } }, y: { stacked: true, beginAtZero: true, ticks: ticks } } }
		});
	}
})();
