// Shared by the wall and the camera page: formatting, colours and the push socket.
"use strict";
const DC = {
  fmt(v, digits) { return v === undefined || v === null || v < 0 ? "–" : Number(v).toFixed(digits); },
  ms(v) { return v === undefined || v === null || v < 0 ? "–" : v >= 1000 ? (v / 1000).toFixed(1) + " s" : v + " ms"; },
  // one colour per stable component id
  colour(id) { return "hsl(" + ((id * 137.5) % 360).toFixed(0) + ",90%,60%)"; },
  // a binary push: 2-byte id length, id (UTF-8), JPEG
  splitImage(buffer) {
    const view = new DataView(buffer);
    const n = view.getUint16(0);
    const id = new TextDecoder().decode(new Uint8Array(buffer, 2, n));
    return { id: id, blob: new Blob([new Uint8Array(buffer, 2 + n)], { type: "image/jpeg" }) };
  },
  // opens a WebSocket that reconnects after a drop
  socket(path, onText, onImage, onState) {
    const url = (location.protocol === "https:" ? "wss://" : "ws://") + location.host + path;
    const open = () => {
      const ws = new WebSocket(url);
      ws.binaryType = "arraybuffer";
      ws.onopen = () => onState("live");
      ws.onclose = () => { onState("reconnecting…"); setTimeout(open, 1000); };
      ws.onmessage = (m) => typeof m.data === "string" ? onText(JSON.parse(m.data)) : onImage(DC.splitImage(m.data));
    };
    open();
  },
  bytes(b64) {
    const s = atob(b64); const a = new Uint8Array(s.length);
    for (let i = 0; i < s.length; i++) a[i] = s.charCodeAt(i);
    return a;
  },
  // jet-like colormap of a value in [0,1]
  jet(v) {
    const r = Math.max(0, Math.min(1, 1.5 - Math.abs(4 * v - 3)));
    const g = Math.max(0, Math.min(1, 1.5 - Math.abs(4 * v - 2)));
    const b = Math.max(0, Math.min(1, 1.5 - Math.abs(4 * v - 1)));
    return [r * 255, g * 255, b * 255];
  },
};
