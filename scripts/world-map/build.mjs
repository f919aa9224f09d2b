// Builds crates/portico-graphics/data/land-110m.path from Natural Earth 1:110m
// land (npm `world-atlas`), projected with Equal Earth (EPSG:8857) into the
// viewBox 0 0 1000 487. Run `npm ci && npm run build` in this folder.
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';
import { feature } from 'topojson-client';
import { geoEqualEarth, geoStream } from 'd3-geo';

const here = dirname(fileURLToPath(import.meta.url));
const OUT = join(here, '..', '..', 'crates', 'portico-graphics', 'data', 'land-110m.path');
const args = new Set(process.argv.slice(2));

// --- Equal Earth, closed form (Šavrič, Patterson & Jenny 2018; EPSG:8857). ---
// The Rust side (crates/portico-graphics/src/map.rs) implements exactly this.
const A1 = 1.340264, A2 = -0.081106, A3 = 0.000893, A4 = 0.003796;
const M = Math.sqrt(3) / 2;
function equalEarthUnit(lonDeg, latDeg) {
  const lambda = (lonDeg * Math.PI) / 180;
  const phi = (latDeg * Math.PI) / 180;
  const t = Math.asin(M * Math.sin(phi));
  const t2 = t * t, t6 = t2 * t2 * t2;
  const x = (lambda * Math.cos(t)) / (M * (A1 + 3 * A2 * t2 + t6 * (7 * A3 + 9 * A4 * t2)));
  const y = t * (A1 + A2 * t2 + t6 * (A3 + A4 * t2));
  return [x, y];
}

// The viewBox: width 1000; x = 500 + S*x, y = CY - S*y.
const WIDTH = 1000;
const HEIGHT = 487;
const X_MAX = equalEarthUnit(180, 0)[0];
const S = WIDTH / (2 * X_MAX);
const CX = WIDTH / 2;
const CY = HEIGHT / 2;
function project(lon, lat) {
  const [x, y] = equalEarthUnit(lon, lat);
  return [CX + S * x, CY - S * y];
}

// d3-geo's Equal Earth is the same formula; it is used for its antimeridian
// cutting and adaptive resampling. Check that the two agree before trusting it.
const projection = geoEqualEarth().scale(S).translate([CX, CY]);
for (let lat = -90; lat <= 90; lat += 7.5) {
  for (let lon = -179; lon <= 179; lon += 11) {
    const [ax, ay] = project(lon, lat);
    const [bx, by] = projection([lon, lat]);
    if (Math.abs(ax - bx) > 1e-6 || Math.abs(ay - by) > 1e-6) {
      throw new Error(`projection mismatch at ${lon},${lat}: ${ax},${ay} vs ${bx},${by}`);
    }
  }
}

// --- Collect projected rings. ---
const topo = JSON.parse(readFileSync(join(here, 'node_modules', 'world-atlas', 'land-110m.json'), 'utf8'));
const land = feature(topo, topo.objects.land);
const rings = [];
let ring = null;
const sink = {
  point(x, y) { ring.push([x, y]); },
  lineStart() { ring = []; },
  lineEnd() { rings.push(ring); ring = null; },
  polygonStart() {},
  polygonEnd() {},
  sphere() {},
};
geoStream(land, projection.stream(sink));

// --- Round, simplify, drop tiny rings. ---
const DIGITS = 10; // one decimal
const MIN_AREA = 0.5; // square viewBox units: keeps Pacific islands such as Fiji, drops specks
const TOLERANCE = 0.8; // Visvalingam: drop points whose triangle with their neighbours is smaller (viewBox units²)

const round = (v) => Math.round(v * DIGITS) / DIGITS;
const area = (r) => {
  let a = 0;
  for (let i = 0; i < r.length; i++) {
    const [x0, y0] = r[i];
    const [x1, y1] = r[(i + 1) % r.length];
    a += x0 * y1 - x1 * y0;
  }
  return a / 2;
};
const triangle = (a, b, c) => Math.abs((b[0] - a[0]) * (c[1] - a[1]) - (c[0] - a[0]) * (b[1] - a[1])) / 2;

// Visvalingam–Whyatt simplification (simple O(n²) form; rings are small).
function simplify(r) {
  const pts = r.slice();
  for (;;) {
    if (pts.length <= 4) return pts;
    let best = -1, bestArea = Infinity;
    for (let i = 0; i < pts.length; i++) {
      const a = triangle(pts[(i + pts.length - 1) % pts.length], pts[i], pts[(i + 1) % pts.length]);
      if (a < bestArea) { bestArea = a; best = i; }
    }
    if (bestArea >= TOLERANCE) return pts;
    pts.splice(best, 1);
  }
}

const out = [];
let points = 0;
for (const raw of rings) {
  let r = raw.map(([x, y]) => [round(x), round(y)]);
  // Closed rings: drop the repeated closing point, then consecutive duplicates.
  r = r.filter((p, i) => {
    const q = r[(i + r.length - 1) % r.length];
    return i === 0 ? !(p[0] === r[r.length - 1][0] && p[1] === r[r.length - 1][1]) : !(p[0] === q[0] && p[1] === q[1]);
  });
  r = simplify(r);
  if (r.length < 3 || Math.abs(area(r)) < MIN_AREA) continue;
  out.push(r);
  points += r.length;
}

// --- Encode: absolute moveto per ring, then relative linetos, one decimal,
// with the fewest separators SVG's path grammar allows.
const num = (tenths) => {
  const s = (Math.abs(tenths) / DIGITS).toString().replace(/^0\./, '.');
  return (tenths < 0 ? '-' : '') + s;
};
function encode(values) {
  let s = '';
  let prev = null;
  for (const v of values) {
    const t = num(v);
    const glued = prev === null || t.startsWith('-') || (t.startsWith('.') && prev.includes('.'));
    s += (glued ? '' : ' ') + t;
    prev = t;
  }
  return s;
}
let d = '';
for (const r of out) {
  const t = r.map(([x, y]) => [Math.round(x * DIGITS), Math.round(y * DIGITS)]);
  d += 'M' + encode(t[0]);
  const deltas = [];
  for (let i = 1; i < t.length; i++) deltas.push(t[i][0] - t[i - 1][0], t[i][1] - t[i - 1][1]);
  d += 'l' + encode(deltas) + 'z';
}

if (args.has('--check')) {
  const current = readFileSync(OUT, 'utf8');
  if (current !== d + '\n') {
    console.error('land-110m.path is out of date; run `npm run build`');
    process.exit(1);
  }
  console.log('land-110m.path is up to date');
} else {
  writeFileSync(OUT, d + '\n');
  console.log(`${out.length} rings, ${points} points, ${d.length} bytes -> ${OUT}`);
}
