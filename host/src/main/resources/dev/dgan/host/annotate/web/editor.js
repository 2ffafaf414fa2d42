// dgan annotate: gallery and mask editor. Plain browser JavaScript, no build step.
'use strict';
(() => {
  const VOID = 255;
  const token = new URLSearchParams(location.search).get('token');
  const api = (path) => path + (token ? (path.includes('?') ? '&' : '?') + 'token=' + encodeURIComponent(token) : '');
  const $ = (id) => document.getElementById(id);

  // PASCAL VOC's palette, as the PNGs dgan writes use it (void is light grey)
  const palette = (id) => {
    if (id === VOID) return [224, 224, 224];
    let r = 0, g = 0, b = 0;
    for (let bit = 7, c = id; c; bit--, c >>= 3) {
      r |= (c & 1) << bit; g |= ((c >> 1) & 1) << bit; b |= ((c >> 2) & 1) << bit;
    }
    return [r, g, b];
  };

  const state = {
    info: null, index: null, width: 0, height: 0, image: null, labels: null, uncertain: null,
    version: null, shapes: [], undo: [], redo: [], dirty: false, tool: 'brush', cls: 1,
    zoom: 8, panX: 0, panY: 0, polygon: [], drawing: false, panning: null, last: null, space: false,
  };
  window.dganEditor = state; // read by the browser tests

  const setStatus = (text, error) => { $('status').textContent = text; $('status').className = error ? 'error' : ''; };

  async function loadInfo() {
    const r = await fetch(api('/api/info'));
    state.info = await r.json();
    $('progress').textContent = state.info.annotated + ' of ' + state.info.target + ' annotated';
  }

  async function showGallery() {
    await loadInfo();
    $('editor').hidden = true;
    const g = $('gallery');
    g.hidden = false;
    g.replaceChildren(...state.info.samples.map((s) => {
      const div = document.createElement('div');
      div.className = 'thumb' + (s.annotated ? ' done' : '');
      div.dataset.index = s.index;
      div.innerHTML = '<img alt=""><div></div>' + (s.annotated ? '<span class="badge">&#10003;</span>' : '');
      div.querySelector('img').src = api('/api/image/' + s.index);
      div.querySelector('div').textContent = s.image + (s.seed !== undefined ? ' (seed ' + s.seed + ')' : '');
      div.onclick = () => { location.hash = '#sample=' + s.index; };
      return div;
    }));
  }

  async function openSample(index) {
    if (!state.info) await loadInfo();
    const r = await fetch(api('/api/mask/' + index));
    if (!r.ok) { setStatus((await r.json()).error, true); return; }
    const m = await r.json();
    const img = new Image();
    img.src = api('/api/image/' + index);
    await img.decode();
    Object.assign(state, { index, width: m.width, height: m.height, image: img, version: m.version,
      undo: [], redo: [], dirty: false, polygon: [], uncertain: null });
    const n = m.width * m.height;
    if (m.labels) state.labels = decode(m.labels);
    else if (m.prefill) state.labels = decode(m.prefill.labels);
    else state.labels = new Uint8Array(n).fill(VOID);
    if (!m.labels && m.prefill) state.uncertain = decode(m.prefill.uncertain);
    state.shapes = m.labelme && Array.isArray(m.labelme.shapes) ? m.labelme.shapes : [];
    $('uncertain-box').hidden = !state.uncertain;
    $('gallery').hidden = true;
    $('editor').hidden = false;
    $('conflict').hidden = true;
    $('title').textContent = 'sample ' + index + (m.labels ? '' : m.prefill ? ' (pre-filled by the model: correct it)' : ' (new)');
    fit();
    setStatus(m.labels ? 'saved version ' + m.version : 'not saved yet');
    draw();
  }

  const decode = (b64) => Uint8Array.from(atob(b64), (c) => c.charCodeAt(0));
  const encode = (bytes) => {
    let s = '';
    for (let i = 0; i < bytes.length; i += 0x8000) s += String.fromCharCode.apply(null, bytes.subarray(i, i + 0x8000));
    return btoa(s);
  };

  function fit() {
    const c = $('view');
    c.width = Math.max(400, window.innerWidth - 40);
    c.height = Math.max(300, window.innerHeight - 200);
    state.zoom = Math.max(1, Math.floor(Math.min(c.width / state.width, c.height / state.height)));
    state.panX = Math.floor((c.width - state.width * state.zoom) / 2);
    state.panY = Math.floor((c.height - state.height * state.zoom) / 2);
  }

  // ---- drawing ----
  function draw() {
    const c = $('view'), ctx = c.getContext('2d');
    ctx.imageSmoothingEnabled = false;
    ctx.fillStyle = '#111';
    ctx.fillRect(0, 0, c.width, c.height);
    const w = state.width, h = state.height, z = state.zoom;
    ctx.drawImage(state.image, state.panX, state.panY, w * z, h * z);
    const overlay = new ImageData(w, h), a = Math.round(+$('opacity').value * 2.55);
    const showUncertain = state.uncertain && $('uncertain').checked;
    for (let i = 0; i < w * h; i++) {
      const [r, g, b] = palette(state.labels[i]);
      const o = i * 4;
      if (showUncertain && state.uncertain[i]) {
        overlay.data.set([255, 0, 255, 255], o); // magenta: the model is unsure here
      } else {
        overlay.data.set([r, g, b, a], o);
      }
    }
    const off = new OffscreenCanvas(w, h);
    off.getContext('2d').putImageData(overlay, 0, 0);
    ctx.drawImage(off, state.panX, state.panY, w * z, h * z);
    if (state.polygon.length) {
      ctx.strokeStyle = '#fff';
      ctx.lineWidth = 2;
      ctx.beginPath();
      state.polygon.forEach(([x, y], k) => {
        const sx = state.panX + x * z, sy = state.panY + y * z;
        if (k) ctx.lineTo(sx, sy); else ctx.moveTo(sx, sy);
      });
      ctx.stroke();
    }
  }

  const toPixel = (ev) => {
    const rect = $('view').getBoundingClientRect();
    return [(ev.clientX - rect.left - state.panX) / state.zoom, (ev.clientY - rect.top - state.panY) / state.zoom];
  };

  function snapshot() {
    state.undo.push(state.labels.slice());
    if (state.undo.length > 100) state.undo.shift();
    state.redo = [];
    state.dirty = true;
  }

  function undo() {
    if (!state.undo.length) return;
    state.redo.push(state.labels);
    state.labels = state.undo.pop();
    state.dirty = true;
    draw();
  }

  function redo() {
    if (!state.redo.length) return;
    state.undo.push(state.labels);
    state.labels = state.redo.pop();
    state.dirty = true;
    draw();
  }

  function dab(px, py, value) {
    const r = +$('size').value / 2, w = state.width, h = state.height;
    for (let y = Math.floor(py - r); y <= Math.ceil(py + r); y++) {
      for (let x = Math.floor(px - r); x <= Math.ceil(px + r); x++) {
        if (x < 0 || y < 0 || x >= w || y >= h) continue;
        const dx = x + 0.5 - px, dy = y + 0.5 - py;
        if (dx * dx + dy * dy <= Math.max(r * r, 0.5)) state.labels[y * w + x] = value;
      }
    }
  }

  function stroke(from, to, value) {
    const steps = Math.max(1, Math.ceil(Math.hypot(to[0] - from[0], to[1] - from[1]) * 2));
    for (let s = 0; s <= steps; s++) dab(from[0] + (to[0] - from[0]) * s / steps, from[1] + (to[1] - from[1]) * s / steps, value);
  }

  function flood(px, py, value) {
    const w = state.width, h = state.height, x0 = Math.floor(px), y0 = Math.floor(py);
    if (x0 < 0 || y0 < 0 || x0 >= w || y0 >= h) return;
    const from = state.labels[y0 * w + x0];
    if (from === value) return;
    const stack = [y0 * w + x0];
    while (stack.length) {
      const i = stack.pop();
      if (state.labels[i] !== from) continue;
      state.labels[i] = value;
      const x = i % w;
      if (x > 0) stack.push(i - 1);
      if (x < w - 1) stack.push(i + 1);
      if (i >= w) stack.push(i - w);
      if (i + w < w * h) stack.push(i + w);
    }
  }

  // A closed polygon becomes pixels by the canvas's own fill (a pixel is in when its centre is)
  // and is kept as a LabelMe shape beside the mask.
  function closePolygon() {
    const pts = state.polygon;
    state.polygon = [];
    if (pts.length < 3) { draw(); return; }
    snapshot();
    const w = state.width, h = state.height, off = new OffscreenCanvas(w, h), ctx = off.getContext('2d');
    ctx.beginPath();
    pts.forEach(([x, y], k) => (k ? ctx.lineTo(x, y) : ctx.moveTo(x, y)));
    ctx.closePath();
    ctx.fillStyle = '#fff';
    ctx.fill();
    const alpha = ctx.getImageData(0, 0, w, h).data;
    for (let i = 0; i < w * h; i++) if (alpha[i * 4 + 3] >= 128) state.labels[i] = state.cls;
    state.shapes.push({ label: state.info.classes[state.cls], points: pts, group_id: null, shape_type: 'polygon', flags: {} });
    draw();
  }

  // ---- saving ----
  async function save() {
    if (state.index === null) return;
    const labelme = { version: '5.3.1', flags: {}, shapes: state.shapes,
      imagePath: '../' + state.info.samples.find((s) => s.index === state.index).image,
      imageData: null, imageHeight: state.height, imageWidth: state.width };
    const r = await fetch(api('/api/mask/' + state.index), {
      method: 'PUT', headers: { 'Content-Type': 'application/json', 'If-Match': state.version },
      body: JSON.stringify({ labels: encode(state.labels), labelme }) });
    const body = await r.json();
    if (r.status === 409) {
      $('conflict').hidden = false;
      $('conflict').textContent = 'Not saved: this sample was saved from another tab or window since this one loaded it. '
        + 'Reload to see that version (your changes here would be lost), or copy what you need first.';
      setStatus('conflict', true);
      return;
    }
    if (!r.ok) { setStatus(body.error || ('save failed: ' + r.status), true); return; }
    state.version = body.version;
    state.dirty = false;
    state.uncertain = null;
    $('uncertain-box').hidden = true;
    setStatus('saved version ' + body.version);
    await loadInfo();
    draw();
  }

  // ---- input ----
  function paletteButtons() {
    const p = $('palette');
    p.replaceChildren(...state.info.classes.map((name, id) => {
      const b = document.createElement('button');
      const [r, g, bl] = palette(id);
      b.style.background = `rgb(${r},${g},${bl})`;
      b.textContent = (id < 9 ? (id + 1) + ' ' : '') + name;
      b.dataset.cls = id;
      b.onclick = () => selectClass(id);
      return b;
    }));
    selectClass(Math.min(1, state.info.classes.length - 1));
  }

  function selectClass(id) {
    state.cls = id;
    document.querySelectorAll('#palette button').forEach((b) => b.classList.toggle('active', +b.dataset.cls === id));
  }

  function selectTool(tool) {
    state.tool = tool;
    if (tool !== 'polygon') state.polygon = [];
    document.querySelectorAll('[data-tool]').forEach((b) => b.classList.toggle('active', b.dataset.tool === tool));
  }

  function zoomAt(factor, sx, sy) {
    const z = Math.min(64, Math.max(1, state.zoom * factor));
    state.panX = sx - (sx - state.panX) * z / state.zoom;
    state.panY = sy - (sy - state.panY) * z / state.zoom;
    state.zoom = z;
    draw();
  }

  function wire() {
    const c = $('view');
    c.addEventListener('contextmenu', (e) => e.preventDefault());
    c.addEventListener('mousedown', (e) => {
      if (e.button !== 0 || state.space) { state.panning = [e.clientX, e.clientY]; return; }
      const p = toPixel(e);
      if (state.tool === 'fill') { snapshot(); flood(p[0], p[1], state.cls); draw(); return; }
      if (state.tool === 'polygon') {
        const first = state.polygon[0];
        if (first && state.polygon.length > 2 && Math.hypot(first[0] - p[0], first[1] - p[1]) * state.zoom < 8) closePolygon();
        else { state.polygon.push(p); draw(); }
        return;
      }
      snapshot();
      state.drawing = true;
      state.last = p;
      dab(p[0], p[1], state.tool === 'eraser' ? VOID : state.cls);
      draw();
    });
    window.addEventListener('mousemove', (e) => {
      if (state.panning) {
        state.panX += e.clientX - state.panning[0];
        state.panY += e.clientY - state.panning[1];
        state.panning = [e.clientX, e.clientY];
        draw();
      } else if (state.drawing) {
        const p = toPixel(e);
        stroke(state.last, p, state.tool === 'eraser' ? VOID : state.cls);
        state.last = p;
        draw();
      }
    });
    window.addEventListener('mouseup', () => { state.drawing = false; state.panning = null; });
    c.addEventListener('wheel', (e) => {
      e.preventDefault();
      const rect = c.getBoundingClientRect();
      zoomAt(e.deltaY < 0 ? 1.25 : 0.8, e.clientX - rect.left, e.clientY - rect.top);
    }, { passive: false });
    c.addEventListener('dblclick', () => { if (state.tool === 'polygon') closePolygon(); });

    document.querySelectorAll('[data-tool]').forEach((b) => { b.onclick = () => selectTool(b.dataset.tool); });
    $('undo').onclick = undo;
    $('redo').onclick = redo;
    $('save').onclick = save;
    $('zoom-in').onclick = () => zoomAt(1.25, c.width / 2, c.height / 2);
    $('zoom-out').onclick = () => zoomAt(0.8, c.width / 2, c.height / 2);
    $('opacity').oninput = draw;
    $('uncertain').onchange = draw;
    $('back').onclick = () => { location.hash = ''; };
    const step = (d) => {
      const list = state.info.samples.map((s) => s.index), k = list.indexOf(state.index) + d;
      if (k >= 0 && k < list.length) location.hash = '#sample=' + list[k];
    };
    $('prev').onclick = () => step(-1);
    $('next').onclick = () => step(1);

    window.addEventListener('keydown', (e) => {
      if ($('editor').hidden) return;
      const ctrl = e.ctrlKey || e.metaKey, k = e.key.toLowerCase();
      if (ctrl && k === 'z') { e.preventDefault(); if (e.shiftKey) redo(); else undo(); }
      else if (ctrl && k === 'y') { e.preventDefault(); redo(); }
      else if (ctrl && k === 's') { e.preventDefault(); save(); }
      else if (ctrl) return;
      else if (k >= '1' && k <= '9' && +k - 1 < state.info.classes.length) selectClass(+k - 1);
      else if (k === 'b') selectTool('brush');
      else if (k === 'e') selectTool('eraser');
      else if (k === 'p') selectTool('polygon');
      else if (k === 'f') selectTool('fill');
      else if (k === 'enter') closePolygon();
      else if (k === 'escape') { if (state.polygon.length) { state.polygon = []; draw(); } else location.hash = ''; }
      else if (k === '+' || k === '=') zoomAt(1.25, c.width / 2, c.height / 2);
      else if (k === '-') zoomAt(0.8, c.width / 2, c.height / 2);
      else if (k === '[') $('size').value = +$('size').value - 1;
      else if (k === ']') $('size').value = +$('size').value + 1;
      else if (k === 'u' && state.uncertain) { $('uncertain').checked = !$('uncertain').checked; draw(); }
      else if (k === ' ') { state.space = true; e.preventDefault(); }
    });
    window.addEventListener('keyup', (e) => { if (e.key === ' ') state.space = false; });
    window.addEventListener('beforeunload', (e) => { if (state.dirty) e.preventDefault(); });
    window.addEventListener('hashchange', route);
  }

  async function route() {
    const m = /#sample=(\d+)/.exec(location.hash);
    if (state.dirty && !confirm('Leave without saving?')) return;
    state.dirty = false;
    if (m) await openSample(+m[1]); else { state.index = null; await showGallery(); }
  }

  (async () => {
    await loadInfo();
    paletteButtons();
    selectTool('brush');
    wire();
    await route();
    document.body.dataset.ready = 'true';
  })().catch((e) => setStatus(String(e), true));
})();
