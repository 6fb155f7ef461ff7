// The camera wall: one card per camera, overlays and numbers pushed over /ws/wall.
"use strict";
const cards = new Map();

function card(id) {
  let c = cards.get(id);
  if (c) return c;
  const el = document.createElement("div");
  el.className = "card";
  el.dataset.camera = id;
  const title = document.createElement("div"); title.className = "title";
  const dot = document.createElement("span"); dot.className = "dot silent";
  const link = document.createElement("a"); link.textContent = id;
  link.href = "camera.html?id=" + encodeURIComponent(id);
  title.append(dot, link);
  const img = document.createElement("img"); img.alt = "overlay of " + id;
  const l1 = document.createElement("div"); l1.className = "line label";
  const l2 = document.createElement("div"); l2.className = "line rates";
  const l3 = document.createElement("div"); l3.className = "line times";
  el.append(title, img, l1, l2, l3);
  document.getElementById("wall").append(el);
  document.getElementById("empty").hidden = true;
  c = { el, dot, img, l1, l2, l3, url: null, frames: 0 };
  cards.set(id, c);
  return c;
}

function numbers(cameras) {
  for (const [id, s] of Object.entries(cameras)) {
    const c = card(id);
    c.dot.className = "dot " + s.health; c.dot.title = s.overdue ? s.health + ": " + s.skipReason : s.health;
    c.el.dataset.health = s.health;
    c.el.dataset.sequence = s.sequence === undefined ? "" : s.sequence;
    c.l1.textContent = (s.label || "–") + " · score " + DC.fmt(s.score, 3) + (s.overdue ? " · processor not answering" : s.skipped ? " · (skipped frame)" : "");
    c.l2.textContent = "explained " + DC.fmt(s.explainedPerSecond, 1) + "/s · skipped " + DC.fmt(s.skippedPerSecond, 1) + "/s";
    c.l3.textContent = "latency " + DC.ms(s.latencyMs) + " · explanation age " + (s.explanationSequence < 0 ? "none yet" : DC.ms(s.explanationAgeMs));
  }
  for (const [id, c] of cards) {
    if (!(id in cameras)) { c.el.remove(); cards.delete(id); }
  }
}

function image(m) {
  const c = card(m.id);
  const url = URL.createObjectURL(m.blob);
  c.img.onload = () => { if (c.url) URL.revokeObjectURL(c.url); c.url = url; };
  c.img.src = url;
  c.frames++;
  c.el.dataset.frames = c.frames;
}

DC.socket("/ws/wall", (msg) => { if (msg.type === "cameras") numbers(msg.cameras); }, image,
  (s) => { document.getElementById("status").textContent = s; });
