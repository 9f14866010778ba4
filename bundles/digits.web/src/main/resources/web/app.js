// The canvas page: draw with the mouse, pen or finger; while drawing, the canvas goes to
// POST /api/predict as a PNG (at most one request at a time, a few per second), and the answer
// fills the top-5 table and the 28x28 preview of what the model saw.
'use strict';

(function () {
  const canvas = document.getElementById('canvas');
  const ctx = canvas.getContext('2d');
  const preview = document.getElementById('preview');
  const pctx = preview.getContext('2d');
  const rows = Array.from(document.querySelectorAll('#top5 tr'));
  const status = document.getElementById('status');
  const THROTTLE_MS = 150;

  let drawing = false;
  let last = null;
  let dirty = false;        // the canvas changed since the last request was sent
  let inFlight = false;
  let timer = null;
  let generation = 0;       // bumped by Clear, so a late answer never repaints a cleared page

  function blank() {
    ctx.fillStyle = '#fff';
    ctx.fillRect(0, 0, canvas.width, canvas.height);
    ctx.strokeStyle = '#000';
    ctx.fillStyle = '#000';
    ctx.lineWidth = 18;
    ctx.lineCap = 'round';
    ctx.lineJoin = 'round';
  }

  function point(e) {
    const r = canvas.getBoundingClientRect();
    return { x: (e.clientX - r.left) * canvas.width / r.width, y: (e.clientY - r.top) * canvas.height / r.height };
  }

  function dot(p) {
    ctx.beginPath();
    ctx.arc(p.x, p.y, ctx.lineWidth / 2, 0, Math.PI * 2);
    ctx.fill();
  }

  canvas.addEventListener('pointerdown', e => {
    if (e.button !== 0) return;
    canvas.setPointerCapture(e.pointerId);
    drawing = true;
    last = point(e);
    dot(last);
    changed();
  });
  canvas.addEventListener('pointermove', e => {
    if (!drawing) return;
    const p = point(e);
    ctx.beginPath();
    ctx.moveTo(last.x, last.y);
    ctx.lineTo(p.x, p.y);
    ctx.stroke();
    last = p;
    changed();
  });
  const end = () => {
    if (drawing) { drawing = false; changed(); }
  };
  canvas.addEventListener('pointerup', end);
  canvas.addEventListener('pointercancel', end);

  document.getElementById('clear').addEventListener('click', () => {
    generation++;
    dirty = false;
    clearTimeout(timer);
    timer = null;
    blank();
    show(null);
    say('Draw a digit.');
  });

  function changed() {
    dirty = true;
    if (!timer) timer = setTimeout(send, THROTTLE_MS);
  }

  function send() {
    timer = null;
    if (inFlight || !dirty) { if (dirty) timer = setTimeout(send, THROTTLE_MS); return; }
    dirty = false;
    inFlight = true;
    const mine = generation;
    canvas.toBlob(async blob => {
      try {
        const response = await fetch('/api/predict?input=true', { method: 'POST', headers: { 'Content-Type': 'image/png' }, body: blob });
        const answer = await response.json();
        if (mine !== generation) return;
        if (!response.ok) { say(answer.error || ('error ' + response.status), true); return; }
        show(answer);
      } catch (err) {
        if (mine === generation) say('The workbench does not answer: ' + err.message, true);
      } finally {
        inFlight = false;
        if (dirty && !timer) timer = setTimeout(send, THROTTLE_MS);
      }
    }, 'image/png');
  }

  function show(answer) {
    const top = answer && !answer.empty ? answer.top5 : [];
    rows.forEach((row, i) => {
      const t = top[i];
      row.dataset.digit = t ? t.digit : '';
      row.dataset.probability = t ? t.probability : '';
      row.querySelector('.digit').textContent = t ? t.digit : '\u2013';
      row.querySelector('.pct').textContent = t ? (t.probability * 100).toFixed(2) + '%' : '\u00a0';
      row.querySelector('.fill').style.width = t ? (t.probability * 100).toFixed(2) + '%' : '0';
    });
    pctx.fillStyle = '#000';
    pctx.fillRect(0, 0, 28, 28);
    if (answer && answer.input) {
      const img = pctx.createImageData(28, 28);
      answer.input.forEach((line, y) => line.forEach((v, x) => {
        const i = (y * 28 + x) * 4, g = Math.round(Math.max(0, Math.min(1, v)) * 255);
        img.data[i] = img.data[i + 1] = img.data[i + 2] = g;
        img.data[i + 3] = 255;
      }));
      pctx.putImageData(img, 0, 0);
    }
    if (answer) {
      say(answer.empty ? 'Nothing drawn yet.'
        : (answer.notADigit ? 'Not a digit (closest guesses shown) \u00b7 ' : '') + 'Recognizer ' + answer.recognizer + ' \u00b7 ' + answer.latencyMs.toFixed(1) + ' ms');
    }
  }

  function say(text, error) {
    status.textContent = text;
    status.classList.toggle('error', !!error);
  }

  blank();
  show(null);
  fetch('/api/health').then(r => r.json()).then(h => {
    if (h.recognizer) say('Draw a digit. Recognizer: ' + h.recognizer + '.');
  }).catch(() => {});
}());
