// One camera: the explained frame with heatmap and outlines drawn here from the explanation,
// the component list (pushed over /ws/camera) and the timeline (/api/cameras/{id}/timeline).
"use strict";
const camera = new URLSearchParams(location.search).get("id") || "";
const api = "/api/cameras/" + encodeURIComponent(camera);
document.getElementById("camera").textContent = camera;
document.title = "DecomCAM Live — " + camera;
const frameCanvas = document.getElementById("frame");
const overlayCanvas = document.getElementById("overlay");
const heatmapToggle = document.getElementById("heatmap");
const outlineOn = new Map();
let explained = null, components = [], pendingExplained = null, pendingComponents = [];
let frameBitmap = null, framesDrawn = 0;

heatmapToggle.addEventListener("change", drawOverlay);

function mapCanvas(map, colour) {
  // a map's 8-bit cells as a small canvas: jet colours (heatmap) or alpha (thumbnail, outline)
  const c = document.createElement("canvas");
  c.width = map.width; c.height = map.height;
  const g = c.getContext("2d");
  const img = g.createImageData(map.width, map.height);
  const data = DC.bytes(map.data);
  for (let i = 0; i < data.length; i++) {
    const v = data[i] / 255;
    const rgb = colour ? DC.jet(v) : [v * 255, v * 255, v * 255];
    img.data.set([rgb[0], rgb[1], rgb[2], colour ? 255 * Math.min(1, v * 1.4) : 255], i * 4);
  }
  g.putImageData(img, 0, 0);
  return c;
}

function cropRect() {
  const crop = explained.crop;
  return crop && crop.length === 4 ? crop : [0, 0, frameCanvas.width, frameCanvas.height];
}

function outline(g, map, colour, rect) {
  // upsample the component map smoothly, threshold at 0.5 and paint the boundary cells
  const w = Math.max(2, Math.min(224, Math.round(rect[2]))), h = Math.max(2, Math.min(224, Math.round(rect[3])));
  const up = document.createElement("canvas"); up.width = w; up.height = h;
  const ug = up.getContext("2d"); ug.imageSmoothingEnabled = true;
  ug.drawImage(mapCanvas(map, false), 0, 0, w, h);
  const px = ug.getImageData(0, 0, w, h).data;
  const inside = (x, y) => x >= 0 && y >= 0 && x < w && y < h && px[(y * w + x) * 4] >= 128;
  const out = ug.createImageData(w, h);
  const tmp = document.createElement("canvas").getContext("2d");
  tmp.fillStyle = colour; tmp.fillRect(0, 0, 1, 1);
  const c = tmp.getImageData(0, 0, 1, 1).data;
  for (let y = 0; y < h; y++) for (let x = 0; x < w; x++) {
    if (inside(x, y) && (!inside(x - 1, y) || !inside(x + 1, y) || !inside(x, y - 1) || !inside(x, y + 1))) {
      out.data.set([c[0], c[1], c[2], 255], (y * w + x) * 4);
    }
  }
  ug.putImageData(out, 0, 0);
  g.imageSmoothingEnabled = false;
  g.drawImage(up, rect[0], rect[1], rect[2], rect[3]);
}

function drawOverlay() {
  const g = overlayCanvas.getContext("2d");
  g.clearRect(0, 0, overlayCanvas.width, overlayCanvas.height);
  if (!explained) return;
  const rect = cropRect();
  if (heatmapToggle.checked) {
    g.globalAlpha = 0.5; g.imageSmoothingEnabled = true;
    g.drawImage(mapCanvas(explained.saliency, true), rect[0], rect[1], rect[2], rect[3]);
    g.globalAlpha = 1;
  }
  for (const k of components) {
    if (outlineOn.get(k.id) !== false) outline(g, k.map, DC.colour(k.id), rect);
  }
  overlayCanvas.dataset.heatmap = heatmapToggle.checked;
}

function drawFrame(bitmap) {
  if (frameCanvas.width !== bitmap.width || frameCanvas.height !== bitmap.height) {
    frameCanvas.width = overlayCanvas.width = bitmap.width;
    frameCanvas.height = overlayCanvas.height = bitmap.height;
  }
  frameCanvas.getContext("2d").drawImage(bitmap, 0, 0);
  framesDrawn++;
  frameCanvas.dataset.frames = framesDrawn;
  drawOverlay();
}

function numbers(s) {
  const h = document.getElementById("health");
  h.className = "dot " + s.health; h.title = s.overdue ? s.health + ": " + s.skipReason : s.health;
  document.body.dataset.health = s.health;
  document.getElementById("numbers").textContent =
    (s.label || "–") + " · score " + DC.fmt(s.score, 3) + (s.overdue ? " · processor not answering" : "") +
    " · explained " + DC.fmt(s.explainedPerSecond, 1) + "/s · skipped " + DC.fmt(s.skippedPerSecond, 1) + "/s" +
    " · latency " + DC.ms(s.latencyMs) + " · explanation age " + (s.explanationSequence < 0 ? "none yet" : DC.ms(s.explanationAgeMs));
}

function table() {
  const body = document.querySelector("#components tbody");
  body.replaceChildren();
  const toggles = document.getElementById("outline-toggles");
  toggles.replaceChildren();
  for (const k of components) {
    const tr = document.createElement("tr");
    tr.dataset.component = k.id;
    const id = document.createElement("td"); id.textContent = "#" + k.id; id.style.color = DC.colour(k.id);
    const thumb = document.createElement("td"); thumb.append(mapCanvas(k.map, true));
    const cells = [DC.fmt(k.weight, 3), DC.fmt(k.score, 3), DC.fmt(k.energy * 100, 1) + "%",
      k.scoreReused ? "reused" : "re-scored", k.ageFrames + " fr / " + DC.ms(k.ageMs)];
    tr.append(id, thumb, ...cells.map((t) => { const td = document.createElement("td"); td.textContent = t; return td; }));
    body.append(tr);
    const label = document.createElement("label");
    const box = document.createElement("input"); box.type = "checkbox"; box.id = "outline-" + k.id;
    box.checked = outlineOn.get(k.id) !== false;
    box.addEventListener("change", () => { outlineOn.set(k.id, box.checked); drawOverlay(); });
    label.style.color = DC.colour(k.id);
    label.append(box, " outline #" + k.id);
    toggles.append(label);
  }
}

function pushed(msg) {
  if (msg.type === "unknown") { document.getElementById("status").textContent = "no such camera (yet)"; return; }
  numbers(msg.summary);
  if (msg.type !== "explained") return;
  // the frame follows as a binary message: draw both together
  pendingExplained = msg.explained; pendingComponents = msg.components;
  const t = msg.explained.target;
  document.getElementById("target").textContent =
    "target class: " + t.label + " (" + t.index + ", logit " + DC.fmt(t.logit, 2) + ")" +
    " · predicted " + msg.explained.predicted.label + " " + DC.fmt(msg.explained.predicted.score, 3) +
    " · chosen by the processor for all cameras (read-only) · " + msg.explained.method + "/" + msg.explained.mode +
    " · frame " + msg.explained.sequence;
  if (!msg.explained.frame) { explained = pendingExplained; components = pendingComponents; table(); drawOverlay(); }
}

async function pushedFrame(m) {
  const bitmap = await createImageBitmap(m.blob);
  if (pendingExplained) { explained = pendingExplained; components = pendingComponents; pendingExplained = null; table(); }
  drawFrame(bitmap);
}

async function timeline() {
  try {
    const r = await fetch(api + "/timeline");
    if (!r.ok) return;
    const t = await r.json();
    const c = document.getElementById("timeline"), g = c.getContext("2d");
    g.clearRect(0, 0, c.width, c.height);
    const from = t.from, to = Math.max(t.to, from + 1);
    const x = (s) => 8 + ((s - from) / (to - from)) * (c.width - 16);
    const rows = Math.floor((c.height - 16) / 7);
    t.lifetimes.forEach((l, i) => {
      g.fillStyle = DC.colour(l.id);
      g.fillRect(x(l.from), 8 + (i % rows) * 7, Math.max(2, x(l.to === null ? t.to : l.to) - x(l.from)), 5);
    });
    g.fillStyle = "#f44";
    for (const r of t.resets) g.fillRect(x(r.sequence) - 1, 0, 2, c.height);
    g.fillStyle = "#4af";
    for (const k of t.targetChanges) g.fillRect(x(k.sequence) - 1, 0, 2, c.height);
    g.fillStyle = "#999"; g.font = "11px sans-serif";
    g.fillText(String(from), 4, c.height - 2); g.fillText(String(t.to), c.width - 40, c.height - 2);
    const list = document.getElementById("events");
    const items = t.resets.map((r) => [r.sequence, "frame " + r.sequence + ": reset (" + (r.reason || "no reason") + ")"])
      .concat(t.targetChanges.map((k) => [k.sequence, "frame " + k.sequence + ": target " + k.fromLabel + " → " + k.toLabel]))
      .concat(t.lifetimes.filter((l) => !l.alive).slice(-10).map((l) =>
        [l.to, "frame " + l.to + ": component #" + l.id + " vanished after " + (l.to - l.from) + " frames" + (l.endReason ? " (" + l.endReason + ")" : "")]))
      .sort((a, b) => b[0] - a[0]).slice(0, 40);
    list.replaceChildren(...items.map(([, text]) => { const li = document.createElement("li"); li.textContent = text; return li; }));
    c.dataset.lifetimes = t.lifetimes.length;
    c.dataset.resets = t.resets.length;
  } catch (e) { /* next time */ }
}

DC.socket("/ws/camera?id=" + encodeURIComponent(camera), pushed, pushedFrame,
  (s) => { document.getElementById("status").textContent = s; });
timeline();
setInterval(timeline, 2000);
