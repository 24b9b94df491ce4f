// Draws the extension's icon, docs/images/icon.png (128×128 RGBA): a stopwatch over a termination
// timeline (running, draining, killed) on Kubernetes blue. Plain Node (zlib for the PNG), 4×4
// supersampling for smooth edges, so the picture is reproducible: `node scripts/icon.mjs`.
import { writeFileSync } from 'node:fs';
import { deflateSync } from 'node:zlib';

const SIZE = 128;
const SAMPLES = 4;
const BLUE = [50, 108, 229];
const WHITE = [255, 255, 255];
const GREEN = [63, 185, 80];
const AMBER = [240, 180, 41];
const RED = [229, 83, 75];

const inRoundedRect = (x, y, x0, y0, x1, y1, r) => {
  if (x < x0 || x > x1 || y < y0 || y > y1) return false;
  const cx = Math.min(Math.max(x, x0 + r), x1 - r);
  const cy = Math.min(Math.max(y, y0 + r), y1 - r);
  return (x - cx) ** 2 + (y - cy) ** 2 <= r * r;
};
/** Distance from (x, y) to the segment (ax, ay)–(bx, by). */
const toSegment = (x, y, ax, ay, bx, by) => {
  const t = Math.max(0, Math.min(1, ((x - ax) * (bx - ax) + (y - ay) * (by - ay)) / ((bx - ax) ** 2 + (by - ay) ** 2)));
  return Math.hypot(x - (ax + t * (bx - ax)), y - (ay + t * (by - ay)));
};

/** The colour at a point, or undefined outside the icon (transparent). Later shapes paint over. */
function colourAt(x, y) {
  if (!inRoundedRect(x, y, 0, 0, SIZE, SIZE, 26)) return undefined;
  const clock = Math.hypot(x - 64, y - 56);
  if (clock >= 26 && clock <= 33) return WHITE; // the dial's ring
  if (inRoundedRect(x, y, 57, 12, 71, 20, 2)) return WHITE; // the crown
  if (toSegment(x, y, 64, 56, 64, 36) <= 3.5 || toSegment(x, y, 64, 56, 78, 64) <= 3.5) return WHITE; // the hands
  if (inRoundedRect(x, y, 16, 98, 58, 110, 4)) return GREEN; // running
  if (inRoundedRect(x, y, 62, 98, 92, 110, 4)) return AMBER; // draining after SIGTERM
  if (inRoundedRect(x, y, 96, 98, 112, 110, 4)) return RED; // SIGKILL
  return BLUE;
}

const raw = Buffer.alloc(SIZE * (SIZE * 4 + 1));
for (let py = 0; py < SIZE; py++) {
  raw[py * (SIZE * 4 + 1)] = 0; // filter: none
  for (let px = 0; px < SIZE; px++) {
    const sum = [0, 0, 0, 0];
    for (let sy = 0; sy < SAMPLES; sy++) {
      for (let sx = 0; sx < SAMPLES; sx++) {
        const colour = colourAt(px + (sx + 0.5) / SAMPLES, py + (sy + 0.5) / SAMPLES);
        if (!colour) continue;
        for (let c = 0; c < 3; c++) sum[c] += colour[c];
        sum[3]++;
      }
    }
    const at = py * (SIZE * 4 + 1) + 1 + px * 4;
    for (let c = 0; c < 3; c++) raw[at + c] = sum[3] ? Math.round(sum[c] / sum[3]) : 0;
    raw[at + 3] = Math.round((sum[3] / SAMPLES ** 2) * 255);
  }
}

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});
const crc32 = (buffer) => {
  let c = 0xffffffff;
  for (const byte of buffer) c = CRC_TABLE[(c ^ byte) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
};
const chunk = (type, data) => {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([length, body, crc]);
};
const header = Buffer.alloc(13);
header.writeUInt32BE(SIZE, 0);
header.writeUInt32BE(SIZE, 4);
header.set([8, 6, 0, 0, 0], 8); // 8-bit RGBA, no interlace

const png = Buffer.concat([
  Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
  chunk('IHDR', header),
  chunk('IDAT', deflateSync(raw, { level: 9 })),
  chunk('IEND', Buffer.alloc(0)),
]);
writeFileSync('docs/images/icon.png', png);
console.log(`docs/images/icon.png: ${SIZE}×${SIZE}, ${png.length} bytes`);
