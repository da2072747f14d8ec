// SPDX-License-Identifier: MIT
// Officer pages: the supporting-document viewer (zoom, rotate, pan, pinch) of the application screen.
(function () {
	'use strict';

	var viewer = document.getElementById('viewer');
	var links = Array.prototype.slice.call(document.querySelectorAll('a[data-viewer]'));
	if (!viewer || !links.length) return;

	var stage = document.getElementById('viewer-stage');
	var img = document.getElementById('viewer-img');
	var title = document.getElementById('viewer-title');
	var open = document.getElementById('viewer-open');
	var MIN = 0.25, MAX = 8;
	var st = { i: 0, zoom: 1, rot: 0, x: 0, y: 0 };
	var lastFocus = null;
	var pointers = {};
	var pinch = null;

	function apply() {
		// the picture fills the stage; turned a quarter, its box is scaled
		// down so the whole of it still fits
		var quarter = Math.abs(st.rot / 90) % 2 === 1;
		var w = stage.clientWidth || 1, h = stage.clientHeight || 1;
		var fit = quarter ? Math.min(w / h, h / w) : 1;
		img.style.transform = 'translate(' + st.x + 'px,' + st.y + 'px) scale(' + (st.zoom * fit) + ') rotate(' + st.rot + 'deg)';
		viewer.setAttribute('data-zoom', st.zoom.toFixed(2));
		viewer.setAttribute('data-rotate', String(((st.rot % 360) + 360) % 360));
	}

	function reset() {
		st.zoom = 1;
		st.rot = 0;
		st.x = 0;
		st.y = 0;
		apply();
	}

	function zoomBy(f) {
		st.zoom = Math.min(MAX, Math.max(MIN, st.zoom * f));
		apply();
	}

	function show(i) {
		st.i = (i + links.length) % links.length;
		var a = links[st.i];
		img.src = a.getAttribute('href');
		img.alt = a.getAttribute('data-title') || '';
		title.textContent = (a.getAttribute('data-title') || '') + ' (' + (st.i + 1) + '/' + links.length + ')';
		open.setAttribute('href', a.getAttribute('href'));
		reset();
	}

	function openViewer(i) {
		lastFocus = links[i];
		viewer.hidden = false;
		document.body.classList.add('viewer-open');
		show(i);
		viewer.querySelector('[data-act="close"]').focus();
	}

	function closeViewer() {
		viewer.hidden = true;
		document.body.classList.remove('viewer-open');
		img.removeAttribute('src');
		// focus goes back to the thumbnail that opened the viewer
		if (lastFocus && document.contains(lastFocus)) lastFocus.focus();
		else if (links[st.i]) links[st.i].focus();
	}

	links.forEach(function (a, i) {
		a.addEventListener('click', function (ev) {
			// a modified click (new tab) keeps the plain link behaviour
			if (ev.ctrlKey || ev.metaKey || ev.shiftKey || ev.button !== 0) return;
			ev.preventDefault();
			openViewer(i);
		});
	});

	var actions = {
		prev: function () { show(st.i - 1); },
		next: function () { show(st.i + 1); },
		'zoom-in': function () { zoomBy(1.25); },
		'zoom-out': function () { zoomBy(0.8); },
		'rotate-left': function () { st.rot -= 90; apply(); },
		'rotate-right': function () { st.rot += 90; apply(); },
		reset: reset,
		close: closeViewer
	};
	viewer.querySelectorAll('[data-act]').forEach(function (b) {
		b.addEventListener('click', function () { actions[b.getAttribute('data-act')](); });
	});
	var single = links.length < 2;
	viewer.querySelectorAll('[data-act="prev"],[data-act="next"]').forEach(function (b) { b.hidden = single; });

	// a modal dialog: Tab and Shift+Tab go round its own controls only
	function focusables() {
		return Array.prototype.filter.call(viewer.querySelectorAll('button, a[href], [tabindex]:not([tabindex="-1"])'), function (el) {
			return !el.hidden && !el.disabled && el.getClientRects().length > 0;
		});
	}

	document.addEventListener('keydown', function (ev) {
		if (viewer.hidden) return;
		if (ev.key === 'Tab') {
			var f = focusables();
			if (!f.length) return;
			var first = f[0], last = f[f.length - 1];
			var inside = viewer.contains(document.activeElement);
			if (ev.shiftKey && (document.activeElement === first || !inside)) {
				ev.preventDefault();
				last.focus();
			} else if (!ev.shiftKey && (document.activeElement === last || !inside)) {
				ev.preventDefault();
				first.focus();
			}
			return;
		}
		if (ev.altKey || ev.ctrlKey || ev.metaKey) return;
		// Shift+arrows pan the picture, as dragging does
		var pan = ev.shiftKey && { ArrowLeft: [40, 0], ArrowRight: [-40, 0], ArrowUp: [0, 40], ArrowDown: [0, -40] }[ev.key];
		if (pan) {
			ev.preventDefault();
			st.x += pan[0];
			st.y += pan[1];
			apply();
			return;
		}
		var k = { Escape: 'close', ArrowLeft: 'prev', ArrowRight: 'next', '+': 'zoom-in', '=': 'zoom-in', '-': 'zoom-out', r: 'rotate-right', R: 'rotate-left', '0': 'reset' }[ev.key];
		if (k) {
			ev.preventDefault();
			actions[k]();
		}
	});

	document.addEventListener('focusin', function (ev) {
		if (!viewer.hidden && !viewer.contains(ev.target)) viewer.querySelector('[data-act="close"]').focus();
	});

	// a click on the dark backdrop (not the picture) closes
	stage.addEventListener('click', function (ev) {
		if (ev.target === stage && !stage.dataset.dragged) closeViewer();
	});

	stage.addEventListener('wheel', function (ev) {
		ev.preventDefault();
		zoomBy(ev.deltaY < 0 ? 1.1 : 1 / 1.1);
	}, { passive: false });

	// drag to pan, two fingers to pinch (pointer events cover mouse, pen and touch)
	function dist() {
		var p = Object.keys(pointers).map(function (k) { return pointers[k]; });
		return Math.hypot(p[0].x - p[1].x, p[0].y - p[1].y);
	}
	stage.addEventListener('pointerdown', function (ev) {
		pointers[ev.pointerId] = { x: ev.clientX, y: ev.clientY };
		stage.setPointerCapture(ev.pointerId);
		delete stage.dataset.dragged;
		if (Object.keys(pointers).length === 2) pinch = { d: dist(), zoom: st.zoom };
	});
	stage.addEventListener('pointermove', function (ev) {
		var p = pointers[ev.pointerId];
		if (!p) return;
		var n = Object.keys(pointers).length;
		if (n === 1) {
			st.x += ev.clientX - p.x;
			st.y += ev.clientY - p.y;
			if (Math.abs(ev.clientX - p.x) + Math.abs(ev.clientY - p.y) > 2) stage.dataset.dragged = '1';
		}
		p.x = ev.clientX;
		p.y = ev.clientY;
		if (n === 2 && pinch && pinch.d > 0) {
			st.zoom = Math.min(MAX, Math.max(MIN, pinch.zoom * dist() / pinch.d));
			stage.dataset.dragged = '1';
		}
		apply();
	});
	function up(ev) {
		delete pointers[ev.pointerId];
		if (Object.keys(pointers).length < 2) pinch = null;
	}
	stage.addEventListener('pointerup', up);
	stage.addEventListener('pointercancel', up);
	img.addEventListener('dragstart', function (ev) { ev.preventDefault(); });
	img.addEventListener('dblclick', function () { if (st.zoom === 1) zoomBy(2); else reset(); });
})();
