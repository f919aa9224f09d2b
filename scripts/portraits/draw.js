'use strict';
// Draws the demo site's leadership portraits: stylized, made for Halcyon,
// of nobody real. Each is a landscape picture with the person off-centre,
// so the 4:5 and square crops that the media library cuts around the focal
// point have something to cut. The pictures go to site/media/ as JPEG, with
// the focal point (the face) printed for the sidecar file beside each.
//
//   node scripts/portraits/draw.js            (needs tests/browser's npm ci)
//   node scripts/portraits/draw.js efua-mensah theo-lambert   (only these)
//
// Chromium (CHROMIUM_PATH, else /usr/bin/chromium) rasterizes the SVG.
// A redrawn picture is new bytes, so a new key in the media library: the
// leaders' and researchers' files (content/*/about/leadership/,
// content/*/research/people/) name it as `media:KEY`, and `portico check`
// reports a key that no bundled file has. Naming people on the command line
// redraws only those, so adding someone leaves the others' files alone.

const fs = require('node:fs');
const path = require('node:path');
const { chromium } = require('../../tests/browser/node_modules/playwright-core');

const W = 1200;
const H = 800;
const OUT = path.join(__dirname, '..', '..', 'site', 'media');

const SKIN = {
  fair: ['#f6dcc8', '#e7b99c', '#c98f74'],
  light: ['#f1cfb0', '#dfaa86', '#b9805f'],
  olive: ['#e2b98f', '#c99668', '#9c6d48'],
  tan: ['#d9a577', '#bb8253', '#8e5c36'],
  brown: ['#b97a4f', '#9a5f39', '#6e4024'],
  deep: ['#8a5534', '#6c3e22', '#4a2914'],
  rosy: ['#f9e2d4', '#eebba4', '#cc8a78'],
  caramel: ['#cf9464', '#ad7047', '#7c4b2b'],
  ebony: ['#7d4c30', '#5b331c', '#3b200f'],
};

function skinDefs(id, tone, lightFromLeft) {
  const [hi, mid, lo] = SKIN[tone];
  const fx = lightFromLeft ? '35%' : '65%';
  return `
  <radialGradient id="${id}" cx="${fx}" cy="38%" r="75%">
    <stop offset="0" stop-color="${hi}"/><stop offset=".6" stop-color="${mid}"/><stop offset="1" stop-color="${lo}"/>
  </radialGradient>
  <linearGradient id="${id}-neck" x1="0" y1="0" x2="0" y2="1">
    <stop offset="0" stop-color="${lo}"/><stop offset="1" stop-color="${mid}"/>
  </linearGradient>`;
}

function clothDefs(id, [top, bottom]) {
  return `<linearGradient id="${id}" x1="0" y1="0" x2="0" y2="1"><stop offset="0" stop-color="${top}"/><stop offset="1" stop-color="${bottom}"/></linearGradient>`;
}

// The person, head centred at (cx, cy).
function person(p) {
  const { cx, cy } = p;
  const rx = 92;
  const ry = 116;
  const neckTop = cy + ry - 30;
  const shoulderY = cy + ry + 70;
  const sw = p.shoulders || 270;
  const [hiSkin, , loSkin] = SKIN[p.skin];
  const bottom = H + (p.tilt ? 90 : 10);
  const parts = [];
  // Hair behind the head and shoulders.
  if (p.hairBack) parts.push(p.hairBack(cx, cy, rx, ry));
  // Torso.
  parts.push(`<path d="M${cx - sw - 60},${bottom} C${cx - sw - 40},${shoulderY + 40} ${cx - sw + 30},${shoulderY - 10} ${cx - 70},${shoulderY - 28}
    L${cx + 70},${shoulderY - 28} C${cx + sw - 30},${shoulderY - 10} ${cx + sw + 40},${shoulderY + 40} ${cx + sw + 60},${bottom} Z" fill="url(#cloth)"/>`);
  // Neck.
  parts.push(`<path d="M${cx - 44},${neckTop} L${cx - 50},${shoulderY - 8} Q${cx},${shoulderY + 30} ${cx + 50},${shoulderY - 8} L${cx + 44},${neckTop} Z" fill="url(#skin-neck)"/>`);
  parts.push(p.collar(cx, shoulderY));
  // Ears.
  parts.push(`<ellipse cx="${cx - rx + 4}" cy="${cy + 8}" rx="16" ry="26" fill="${loSkin}"/><ellipse cx="${cx + rx - 4}" cy="${cy + 8}" rx="16" ry="26" fill="${loSkin}"/>`);
  if (p.earrings) {
    parts.push(`<circle cx="${cx - rx + 2}" cy="${cy + 38}" r="6" fill="${p.earrings}"/><circle cx="${cx + rx - 2}" cy="${cy + 38}" r="6" fill="${p.earrings}"/>`);
  }
  // Head, with a soft jaw.
  parts.push(`<path d="M${cx - rx},${cy - 10} C${cx - rx},${cy - ry - 20} ${cx + rx},${cy - ry - 20} ${cx + rx},${cy - 10}
    C${cx + rx},${cy + 60} ${cx + 40},${cy + ry + 4} ${cx},${cy + ry + 4} C${cx - 40},${cy + ry + 4} ${cx - rx},${cy + 60} ${cx - rx},${cy - 10} Z" fill="url(#skin)"/>`);
  if (p.beard) parts.push(p.beard(cx, cy, rx, ry));
  // Face: cheeks, brows, eyes, nose, mouth.
  const ey = cy + 2;
  const ex = 36;
  parts.push(`<ellipse cx="${cx - 50}" cy="${cy + 44}" rx="22" ry="12" fill="#e07a6a" opacity=".18"/><ellipse cx="${cx + 50}" cy="${cy + 44}" rx="22" ry="12" fill="#e07a6a" opacity=".18"/>`);
  if (p.details) parts.push(p.details(cx, cy, rx, ry));
  const brow = p.brow || '#3a2a20';
  parts.push(`<path d="M${cx - ex - 20},${ey - 26} Q${cx - ex},${ey - 36} ${cx - ex + 18},${ey - 27}" stroke="${brow}" stroke-width="7" fill="none" stroke-linecap="round"/>
    <path d="M${cx + ex - 18},${ey - 27} Q${cx + ex},${ey - 36} ${cx + ex + 20},${ey - 26}" stroke="${brow}" stroke-width="7" fill="none" stroke-linecap="round"/>`);
  parts.push(`<ellipse cx="${cx - ex}" cy="${ey}" rx="10" ry="${p.smileEyes ? 5 : 8}" fill="#2a1d17"/><ellipse cx="${cx + ex}" cy="${ey}" rx="10" ry="${p.smileEyes ? 5 : 8}" fill="#2a1d17"/>
    <circle cx="${cx - ex + 3}" cy="${ey - 3}" r="2.4" fill="#fff" opacity=".8"/><circle cx="${cx + ex + 3}" cy="${ey - 3}" r="2.4" fill="#fff" opacity=".8"/>`);
  parts.push(`<path d="M${cx + 2},${cy + 12} Q${cx + 12},${cy + 42} ${cx - 2},${cy + 46}" stroke="${loSkin}" stroke-width="5" fill="none" stroke-linecap="round"/>`);
  parts.push(`<path d="M${cx - 26},${cy + 70} Q${cx},${cy + 88} ${cx + 26},${cy + 70}" stroke="#8c3f36" stroke-width="6" fill="none" stroke-linecap="round"/>`);
  parts.push(`<path d="M${cx - 60},${cy - 70} Q${cx - 20},${cy - 96} ${cx + 30},${cy - 84}" stroke="${hiSkin}" stroke-width="14" fill="none" opacity=".35" stroke-linecap="round"/>`);
  if (p.glasses) {
    const g = p.glasses;
    parts.push(`<g fill="none" stroke="${g}" stroke-width="5"><rect x="${cx - ex - 27}" y="${ey - 22}" width="54" height="42" rx="14"/><rect x="${cx + ex - 27}" y="${ey - 22}" width="54" height="42" rx="14"/>
      <path d="M${cx - 9},${ey - 4} Q${cx},${ey - 12} ${cx + 9},${ey - 4}"/><path d="M${cx - ex - 27},${ey - 6} L${cx - rx + 2},${ey - 10}M${cx + ex + 27},${ey - 6} L${cx + rx - 2},${ey - 10}"/></g>`);
  }
  parts.push(p.hair(cx, cy, rx, ry));
  if (p.tilt) return `<g transform="rotate(${p.tilt} ${cx} ${cy})">${parts.join('\n')}</g>`;
  return parts.join('\n');
}

const lapels = (dark, shirt) => (cx, y) => `
  <path d="M${cx - 52},${y - 22} L${cx},${y + 70} L${cx + 52},${y - 22} L${cx + 30},${y - 30} L${cx},${y + 20} L${cx - 30},${y - 30} Z" fill="${shirt}"/>
  <path d="M${cx - 70},${y - 26} L${cx - 14},${y + 120} L${cx - 60},${y + 60} L${cx - 120},${y + 10} Z" fill="${dark}" opacity=".55"/>
  <path d="M${cx + 70},${y - 26} L${cx + 14},${y + 120} L${cx + 60},${y + 60} L${cx + 120},${y + 10} Z" fill="${dark}" opacity=".55"/>`;
const crew = (rib) => (cx, y) => `<path d="M${cx - 62},${y - 26} Q${cx},${y + 40} ${cx + 62},${y - 26}" stroke="${rib}" stroke-width="14" fill="none" stroke-linecap="round"/>`;
const scarf = (a, b) => (cx, y) => `<path d="M${cx - 80},${y - 30} Q${cx},${y + 40} ${cx + 80},${y - 30} L${cx + 70},${y + 10} Q${cx},${y + 80} ${cx - 70},${y + 10} Z" fill="${a}"/>
  <path d="M${cx + 20},${y + 30} L${cx + 60},${y + 170} L${cx + 20},${y + 180} L${cx - 4},${y + 40} Z" fill="${b}"/>`;

const beaded = (band, dots) => (cx, y) => `<path d="M${cx - 64},${y - 26} Q${cx},${y + 42} ${cx + 64},${y - 26}" stroke="${band}" stroke-width="18" fill="none" stroke-linecap="round"/>
  <path d="M${cx - 64},${y - 26} Q${cx},${y + 42} ${cx + 64},${y - 26}" stroke="${dots}" stroke-width="8" stroke-dasharray="2 14" fill="none" stroke-linecap="round"/>`;
const zipped = (lining, zip) => (cx, y) => `<path d="M${cx - 78},${y - 40} L${cx - 70},${y + 10} Q${cx},${y + 40} ${cx + 70},${y + 10} L${cx + 78},${y - 40} Q${cx},${y - 6} ${cx - 78},${y - 40} Z" fill="${lining}"/>
  <path d="M${cx},${y + 26} L${cx},${H + 20}" stroke="${zip}" stroke-width="6" stroke-dasharray="4 4"/>`;
const shirt = (c, dark) => (cx, y) => `<path d="M${cx - 58},${y - 30} L${cx - 4},${y + 34} L${cx - 40},${y + 52} L${cx - 72},${y - 4} Z" fill="${c}" stroke="${dark}" stroke-width="3"/>
  <path d="M${cx + 58},${y - 30} L${cx + 4},${y + 34} L${cx + 40},${y + 52} L${cx + 72},${y - 4} Z" fill="${c}" stroke="${dark}" stroke-width="3"/>
  <path d="M${cx},${y + 36} L${cx},${H + 20}" stroke="${dark}" stroke-width="3"/>
  ${[80, 150, 220].map((d) => `<circle cx="${cx + 8}" cy="${y + d}" r="5" fill="${dark}"/>`).join('')}`;
const vneck = (trim, pendant) => (cx, y) => `<path d="M${cx - 60},${y - 28} L${cx},${y + 70} L${cx + 60},${y - 28} Z" fill="url(#skin-neck)"/>
  <path d="M${cx - 62},${y - 28} L${cx},${y + 72} L${cx + 62},${y - 28}" stroke="${trim}" stroke-width="8" fill="none" stroke-linejoin="round"/>
  <path d="M${cx - 46},${y - 26} Q${cx},${y + 36} ${cx + 46},${y - 26}" stroke="${pendant}" stroke-width="2.5" fill="none"/><circle cx="${cx}" cy="${y + 8}" r="6" fill="${pendant}"/>`;

// Small things on the face, drawn over the skin.
const freckles = (c) => (cx, cy) => [[-62, 30], [-48, 40], [-70, 44], [-36, 30], [62, 30], [48, 40], [70, 44], [36, 30], [-8, 24], [8, 26]]
  .map(([dx, dy]) => `<circle cx="${cx + dx}" cy="${cy + dy}" r="3" fill="${c}" opacity=".55"/>`).join('');
const noseStud = (c) => (cx, cy) => `<circle cx="${cx + 17}" cy="${cy + 39}" r="4" fill="${c}"/>`;

// Scenes: what is behind each person, drawn soft (out of focus).
const scenes = {
  riverWindow: () => `
    <rect width="${W}" height="${H}" fill="#e9e1d3"/>
    <rect x="90" y="70" width="620" height="560" rx="8" fill="#cfe3e4"/>
    <rect x="90" y="70" width="620" height="330" fill="url(#sky)"/>
    <path d="M90,420 C250,380 450,440 710,400 L710,630 L90,630 Z" fill="#5f9aa0"/>
    <path d="M90,470 C260,440 470,500 710,460" stroke="#d9eef0" stroke-width="6" fill="none" opacity=".7"/>
    <path d="M90,520 C300,500 480,540 710,515" stroke="#d9eef0" stroke-width="5" fill="none" opacity=".5"/>
    <path d="M120,330 L700,300 L700,318 L120,350 Z" fill="#37555c"/>
    ${[180, 300, 420, 540, 660].map((x) => `<rect x="${x}" y="${310 - (x - 120) * 0.05}" width="12" height="110" fill="#37555c"/>`).join('')}
    <rect x="90" y="70" width="620" height="560" fill="none" stroke="#f7f3ea" stroke-width="22"/>
    <rect x="392" y="70" width="16" height="560" fill="#f7f3ea"/>
    <rect x="760" y="560" width="440" height="240" fill="#d8cbb4"/>`,
  workbench: () => `
    <rect width="${W}" height="${H}" fill="#1f4e57"/>
    ${Array.from({ length: 14 }, (_, i) => Array.from({ length: 8 }, (_, j) => `<circle cx="${600 + i * 44}" cy="${80 + j * 44}" r="5" fill="#173c43"/>`).join('')).join('')}
    <rect x="560" y="430" width="640" height="22" fill="#b98b5a"/>
    <rect x="640" y="330" width="150" height="100" rx="8" fill="#2e6b73"/><rect x="655" y="345" width="90" height="62" rx="4" fill="#8fe0c8" opacity=".8"/>
    <path d="M660,385 l12,-18 l12,26 l12,-30 l12,22 l12,-8" stroke="#1f4e57" stroke-width="4" fill="none"/>
    <rect x="840" y="360" width="90" height="70" rx="6" fill="#e07a5f"/><rect x="960" y="380" width="120" height="50" rx="6" fill="#f2cc8f"/>
    <circle cx="1120" cy="140" r="120" fill="#f2cc8f" opacity=".35"/>
    <rect x="0" y="600" width="1200" height="200" fill="#163a41"/>`,
  bookshelf: () => {
    const colors = ['#3d5a80', '#98c1d9', '#ee6c4d', '#e0fbfc', '#293241', '#c9ada7', '#84a98c', '#f2cc8f', '#52796f'];
    let books = '';
    for (let shelf = 0; shelf < 4; shelf++) {
      let x = 40;
      let k = shelf * 3;
      const base = 200 + shelf * 170;
      while (x < 640) {
        const w = 22 + ((k * 7) % 19);
        const h = 110 + ((k * 13) % 40);
        books += `<rect x="${x}" y="${base - h}" width="${w}" height="${h}" fill="${colors[k % colors.length]}"/>`;
        x += w + 4;
        k++;
      }
      books += `<rect x="20" y="${base}" width="660" height="14" fill="#8a6a4a"/>`;
    }
    return `<rect width="${W}" height="${H}" fill="#efe6d6"/>${books}<rect x="700" y="0" width="500" height="${H}" fill="#e6dccb"/>
      <circle cx="1060" cy="160" r="70" fill="#fff" opacity=".35"/>`;
  },
  screens: () => `
    <rect width="${W}" height="${H}" fill="#22304a"/>
    <rect x="560" y="90" width="580" height="360" rx="14" fill="#0f1a2b"/>
    <g opacity=".9">
      <path d="M580,300 C680,240 760,340 860,270 C960,200 1040,300 1120,250 L1120,430 L580,430 Z" fill="#2a6f6b"/>
      <path d="M580,340 C700,300 780,380 880,330 C980,280 1050,350 1120,320" stroke="#7fd1c0" stroke-width="5" fill="none"/>
      ${[60, 110, 160].map((r) => `<circle cx="760" cy="220" r="${r}" stroke="#f2cc8f" stroke-width="3" fill="none" opacity=".6"/>`).join('')}
      <circle cx="760" cy="220" r="14" fill="#ee6c4d"/>
    </g>
    <rect x="0" y="620" width="1200" height="180" fill="#1a263b"/>
    <rect x="60" y="110" width="260" height="180" rx="10" fill="#2d3e5e"/>
    ${[0, 1, 2, 3].map((i) => `<rect x="85" y="${135 + i * 36}" width="${200 - i * 30}" height="14" rx="7" fill="#98c1d9" opacity=".6"/>`).join('')}`,
  plants: () => `
    <rect width="${W}" height="${H}" fill="#f0e9dc"/>
    <rect x="0" y="0" width="1200" height="800" fill="url(#glow)"/>
    ${[
      [720, 200, 150, 60, -30, '#52796f'], [860, 120, 170, 62, 20, '#84a98c'], [1000, 260, 160, 58, -50, '#2f5d50'],
      [1080, 90, 140, 50, 35, '#6b9080'], [800, 360, 150, 55, 60, '#84a98c'], [1120, 420, 160, 60, -20, '#52796f'],
      [640, 470, 120, 46, 30, '#a3b18a'], [960, 520, 150, 60, -40, '#2f5d50'],
    ].map(([x, y, rx, ry, rot, c]) => `<ellipse cx="${x}" cy="${y}" rx="${rx}" ry="${ry}" fill="${c}" transform="rotate(${rot} ${x} ${y})"/>`).join('')}
    <rect x="0" y="640" width="1200" height="160" fill="#ddd2bf"/>`,
  harbour: () => `
    <rect width="${W}" height="${H}" fill="url(#dusk)"/>
    <path d="M0,380 C160,300 300,330 420,280 C540,240 640,300 760,270 L760,520 L0,520 Z" fill="#c9ada7"/>
    ${Array.from({ length: 26 }, (_, i) => {
      const x = 20 + (i % 13) * 56;
      const y = 330 + Math.floor(i / 13) * 70 - ((i * 17) % 40);
      const c = ['#ee6c4d', '#f2cc8f', '#98c1d9', '#e0fbfc', '#84a98c', '#3d5a80'][i % 6];
      return `<rect x="${x}" y="${y}" width="40" height="34" fill="${c}"/><path d="M${x - 4},${y} L${x + 20},${y - 16} L${x + 44},${y} Z" fill="#6d597a"/>`;
    }).join('')}
    <rect x="0" y="500" width="1200" height="300" fill="#3d5a80"/>
    ${[540, 580, 630, 690].map((y, i) => `<path d="M0,${y} C200,${y - 14} 400,${y + 14} 600,${y} C800,${y - 14} 1000,${y + 14} 1200,${y}" stroke="#98c1d9" stroke-width="${5 - i}" fill="none" opacity=".6"/>`).join('')}
    <path d="M880,500 L880,170 L900,170 L900,500 Z M880,190 L1120,190 L1120,206 L880,206 Z M1100,206 L1100,300" stroke="#293241" stroke-width="6" fill="#293241"/>
    <circle cx="1050" cy="110" r="46" fill="#f2cc8f"/>`,
  mosaic: () => {
    const fields = ['#6a8d4e', '#8fa864', '#b7b27a', '#4f7a44', '#9c8a5a', '#c7c08e', '#5d7f5a'];
    let tiles = '';
    for (let i = 0; i < 8; i++) {
      for (let j = 0; j < 7; j++) {
        tiles += `<rect x="${60 + i * 72}" y="${70 + j * 72}" width="70" height="70" fill="${fields[(i * 3 + j * 5) % fields.length]}"/>`;
      }
    }
    return `<rect width="${W}" height="${H}" fill="#dfe6e1"/>
    <rect x="50" y="60" width="596" height="524" rx="6" fill="#2c3a35"/>${tiles}
    <path d="M60,200 C160,240 200,330 300,350 C400,370 430,470 540,520 C580,540 610,560 636,574" stroke="#3b7ea1" stroke-width="22" fill="none"/>
    <path d="M260,340 C320,380 380,380 420,420 C450,450 500,460 560,470 L560,540 C500,520 420,500 380,480 Z" fill="#3b7ea1" opacity=".55"/>
    <rect x="0" y="620" width="${W}" height="180" fill="#c9d3cd"/>
    <rect x="700" y="0" width="500" height="620" fill="#e8eee9"/>
    <rect x="1000" y="90" width="160" height="300" fill="#f8fbf9"/>`;
  },
  waveTank: () => `
    <rect width="${W}" height="${H}" fill="#cdd6dc"/>
    ${[0, 1, 2, 3, 4].map((i) => `<rect x="${80 + i * 230}" y="40" width="150" height="20" rx="8" fill="#fffbe8"/>`).join('')}
    <rect x="0" y="90" width="${W}" height="10" fill="#8d99a3"/>
    <rect x="560" y="260" width="640" height="380" fill="#9fc4cf"/>
    <path d="M560,360 C640,320 700,400 780,360 C860,320 920,400 1000,360 C1080,320 1140,400 1200,360 L1200,640 L560,640 Z" fill="#3f8a9c"/>
    <path d="M560,360 C640,320 700,400 780,360 C860,320 920,400 1000,360 C1080,320 1140,400 1200,360" stroke="#e6f4f6" stroke-width="8" fill="none"/>
    ${[660, 820, 980, 1140].map((x) => `<rect x="${x}" y="250" width="12" height="400" fill="#58656f"/>`).join('')}
    <rect x="560" y="240" width="640" height="18" fill="#58656f"/>
    <rect x="860" y="150" width="26" height="110" fill="#f4a261"/><rect x="840" y="140" width="66" height="18" rx="4" fill="#e76f51"/>
    <rect x="0" y="640" width="${W}" height="160" fill="#7d8a94"/>`,
  stickyNotes: () => {
    const colors = ['#f9d56e', '#f3a683', '#9fd8cb', '#f7d794', '#c3aed6', '#ffb6b9'];
    let notes = '';
    for (let i = 0; i < 18; i++) {
      const x = 90 + (i % 6) * 88 + ((i * 37) % 17);
      const y = 110 + Math.floor(i / 6) * 110 + ((i * 23) % 19);
      notes += `<rect x="${x}" y="${y}" width="66" height="66" fill="${colors[(i * 5) % colors.length]}" transform="rotate(${((i * 7) % 9) - 4} ${x + 33} ${y + 33})"/>`;
    }
    return `<rect width="${W}" height="${H}" fill="#d7c9b8"/>
    <rect x="50" y="60" width="640" height="520" rx="6" fill="#fbfbf8"/>
    <path d="M120,500 C220,470 260,520 360,480 S520,430 640,470" stroke="#3d5a80" stroke-width="5" fill="none"/>
    ${notes}
    <rect x="0" y="600" width="${W}" height="200" fill="#8a6a4a"/>
    <circle cx="1040" cy="140" r="90" fill="#fff4d6" opacity=".5"/>`;
  },
  coast: () => `
    <rect width="${W}" height="${H}" fill="url(#sky)"/>
    <circle cx="980" cy="150" r="60" fill="#fff3d1" opacity=".8"/>
    <path d="M640,420 C720,300 820,250 900,290 C960,320 1010,260 1080,250 C1140,240 1180,280 1200,300 L1200,470 L640,470 Z" fill="#6b7a5a"/>
    <rect x="1080" y="192" width="16" height="62" fill="#f7f3ea"/><rect x="1074" y="178" width="28" height="16" fill="#e07a5f"/>
    <path d="M0,440 L1200,430 L1200,800 L0,800 Z" fill="#2f6f8f"/>
    ${[480, 540, 610, 690].map((y, i) => `<path d="M0,${y} C150,${y - 30} 300,${y + 20} 450,${y - 10} C600,${y - 40} 800,${y + 20} 1000,${y - 20} C1100,${y - 40} 1150,${y} 1200,${y - 10}" stroke="#e4f1f5" stroke-width="${7 - i}" fill="none" opacity=".75"/>`).join('')}
    <path d="M700,520 C780,460 880,450 960,500 C900,490 830,500 780,540 Z" fill="#e4f1f5" opacity=".8"/>`,
  pier: () => `
    <rect width="${W}" height="${H}" fill="#c7d0d6"/>
    <rect x="0" y="0" width="${W}" height="300" fill="#b3bfc8"/>
    ${[[200, 120, 160], [520, 90, 200], [1000, 140, 180]].map(([x, y, r]) => `<ellipse cx="${x}" cy="${y}" rx="${r}" ry="${r * 0.35}" fill="#e4e9ec" opacity=".8"/>`).join('')}
    ${[760, 860, 1060].map((x) => `<path d="M${x},330 L${x},220 L${x + 70},220 M${x + 10},220 L${x + 10},330" stroke="#4f5b66" stroke-width="8" fill="none"/>`).join('')}
    <rect x="0" y="330" width="${W}" height="40" fill="#6f7d6e"/>
    <rect x="0" y="370" width="${W}" height="430" fill="#5d7d8c"/>
    ${[420, 480, 560].map((y) => `<path d="M0,${y} C300,${y - 12} 600,${y + 12} 1200,${y}" stroke="#a9c2cc" stroke-width="4" fill="none" opacity=".6"/>`).join('')}
    <rect x="0" y="470" width="560" height="40" fill="#6b5440"/>
    ${[40, 180, 320, 460].map((x) => `<rect x="${x}" y="470" width="30" height="330" fill="#4e3b2c"/>`).join('')}
    <rect x="230" y="120" width="34" height="360" fill="#f7f3ea"/>
    ${Array.from({ length: 9 }, (_, i) => `<rect x="230" y="${140 + i * 38}" width="${i % 2 ? 16 : 34}" height="8" fill="#293241"/>`).join('')}
    <rect x="210" y="96" width="74" height="40" rx="6" fill="#e07a5f"/>`,
  chalkboard: () => `
    <rect width="${W}" height="${H}" fill="#d9cfc1"/>
    <rect x="560" y="70" width="620" height="470" rx="6" fill="#2f4a3f" stroke="#8a6a4a" stroke-width="18"/>
    <path d="M600,460 C700,460 740,160 820,160 C900,160 940,460 1040,460" stroke="#f1efe6" stroke-width="5" fill="none"/>
    <path d="M620,460 C720,460 770,300 860,300 C950,300 1000,460 1120,460" stroke="#f2cc8f" stroke-width="4" fill="none" opacity=".9"/>
    <path d="M600,470 L1140,470 M610,120 L610,470" stroke="#f1efe6" stroke-width="3"/>
    ${Array.from({ length: 12 }, (_, i) => `<rect x="${960 + (i % 4) * 44}" y="${110 + Math.floor(i / 4) * 44}" width="36" height="36" fill="#f1efe6" opacity="${[0.15, 0.35, 0.6, 0.25][i % 4]}"/>`).join('')}
    <rect x="560" y="548" width="620" height="14" fill="#8a6a4a"/>
    <rect x="0" y="640" width="${W}" height="160" fill="#b9ab98"/>`,
  rooftops: () => `
    <rect width="${W}" height="${H}" fill="url(#dusk)"/>
    <circle cx="300" cy="160" r="54" fill="#fff3d6" opacity=".9"/>
    ${[[0, 380, 220], [200, 340, 180], [360, 400, 240], [580, 360, 200]].map(([x, y, w]) => `<path d="M${x},${y + 60} L${x + 30},${y} L${x + w - 30},${y} L${x + w},${y + 60} Z" fill="#7b8a99"/>
      <rect x="${x}" y="${y + 60}" width="${w}" height="${H - y}" fill="#e8d5b5"/>
      ${[0, 1, 2].map((k) => `<rect x="${x + 20 + k * (w / 3)}" y="${y + 100}" width="${w / 3 - 40}" height="70" fill="#f6c96b" opacity="${k % 2 ? 0.9 : 0.5}"/>`).join('')}
      <rect x="${x + w - 60}" y="${y - 40}" width="28" height="42" fill="#b5654a"/>`).join('')}
    <rect x="780" y="0" width="420" height="${H}" fill="#e9d3b9" opacity=".6"/>
    <circle cx="1080" cy="600" r="130" fill="#6b8f71"/><rect x="1070" y="600" width="20" height="200" fill="#5a4636"/>`,
  circuit: () => {
    let traces = '';
    for (let i = 0; i < 12; i++) {
      const y = 60 + i * 52;
      const x0 = 560 + ((i * 53) % 120);
      const bend = 760 + ((i * 97) % 260);
      traces += `<path d="M${x0},${y} L${bend},${y} L${bend + 40},${y + 40} L1200,${y + 40}" stroke="#c9a227" stroke-width="6" fill="none"/><circle cx="${x0}" cy="${y}" r="11" fill="#e9c46a"/>`;
    }
    return `<rect width="${W}" height="${H}" fill="#1d5c4a"/>${traces}
    <rect x="820" y="250" width="200" height="200" rx="10" fill="#22262b"/>
    ${Array.from({ length: 8 }, (_, i) => `<rect x="${832 + i * 24}" y="236" width="10" height="16" fill="#c9ced6"/><rect x="${832 + i * 24}" y="448" width="10" height="16" fill="#c9ced6"/>`).join('')}
    <rect x="0" y="0" width="520" height="${H}" fill="#17483a"/>
    <rect x="0" y="640" width="${W}" height="160" fill="#143b30"/>`;
  },
};

const hair = {
  shoulderBlonde: {
    back: (cx, cy, rx, ry) => `<path d="M${cx - rx - 22},${cy - 20} C${cx - rx - 40},${cy + 120} ${cx - rx - 10},${cy + 200} ${cx - rx + 20},${cy + 200} L${cx + rx - 20},${cy + 200} C${cx + rx + 10},${cy + 200} ${cx + rx + 40},${cy + 120} ${cx + rx + 22},${cy - 20} Z" fill="#b88a4a"/>`,
    front: (cx, cy, rx, ry) => `<path d="M${cx - rx - 24},${cy + 40} C${cx - rx - 30},${cy - ry - 40} ${cx + rx + 30},${cy - ry - 50} ${cx + rx + 24},${cy + 40}
      C${cx + rx + 6},${cy - 30} ${cx + 40},${cy - ry + 10} ${cx - 10},${cy - ry + 24} C${cx - 50},${cy - 60} ${cx - rx},${cy - 40} ${cx - rx - 24},${cy + 40} Z" fill="#d8b46f"/>
      <path d="M${cx - 30},${cy - ry + 10} C${cx + 20},${cy - ry} ${cx + 60},${cy - 80} ${cx + rx},${cy - 10}" stroke="#ecd39a" stroke-width="6" fill="none" opacity=".7"/>`,
  },
  closeCrop: {
    front: (cx, cy, rx, ry) => `<path d="M${cx - rx + 2},${cy - 18} C${cx - rx},${cy - ry - 20} ${cx + rx},${cy - ry - 20} ${cx + rx - 2},${cy - 18} C${cx + rx - 20},${cy - ry + 8} ${cx - rx + 20},${cy - ry + 8} ${cx - rx + 2},${cy - 18} Z" fill="#1d1410"/>`,
  },
  bob: {
    back: (cx, cy, rx) => `<path d="M${cx - rx - 26},${cy - 10} L${cx - rx - 22},${cy + 90} L${cx + rx + 22},${cy + 90} L${cx + rx + 26},${cy - 10} Z" fill="#15110f"/>`,
    front: (cx, cy, rx, ry) => `<path d="M${cx - rx - 28},${cy + 92} C${cx - rx - 40},${cy - ry - 70} ${cx + rx + 40},${cy - ry - 70} ${cx + rx + 28},${cy + 92} L${cx + rx - 6},${cy + 92}
      C${cx + rx},${cy - 20} ${cx + 50},${cy - 50} ${cx + 60},${cy - 44} L${cx - 80},${cy - 44} C${cx - rx + 10},${cy - 30} ${cx - rx},${cy} ${cx - rx + 6},${cy + 92} Z" fill="#221a17"/>`,
  },
  longBraid: {
    back: (cx, cy, rx) => `<path d="M${cx + rx - 10},${cy + 40} C${cx + rx + 30},${cy + 140} ${cx + rx - 10},${cy + 240} ${cx + rx + 20},${cy + 330}" stroke="#1b1412" stroke-width="44" fill="none" stroke-linecap="round"/>
      ${[0, 1, 2, 3, 4].map((i) => `<path d="M${cx + rx - 8 + (i % 2) * 10},${cy + 90 + i * 50} q20,16 36,-4" stroke="#3a2b25" stroke-width="5" fill="none"/>`).join('')}`,
    front: (cx, cy, rx, ry) => `<path d="M${cx - rx - 14},${cy + 50} C${cx - rx - 26},${cy - ry - 60} ${cx + rx + 26},${cy - ry - 60} ${cx + rx + 14},${cy + 50}
      C${cx + rx - 4},${cy - 40} ${cx + 10},${cy - ry + 16} ${cx},${cy - ry + 16} C${cx - 10},${cy - ry + 16} ${cx - rx + 4},${cy - 40} ${cx - rx - 14},${cy + 50} Z" fill="#1f1714"/>
      <path d="M${cx},${cy - ry - 4} L${cx},${cy - ry + 18}" stroke="#4a3a32" stroke-width="4"/>`,
  },
  curls: {
    back: (cx, cy, rx, ry) => Array.from({ length: 22 }, (_, i) => {
      const a = (Math.PI * 2 * i) / 22;
      const r = 118 + (i % 3) * 8;
      return `<circle cx="${cx + Math.cos(a) * r * 0.95}" cy="${cy - 10 + Math.sin(a) * r * 0.95 * (Math.sin(a) > 0.3 ? 0.7 : 1)}" r="${46 + (i % 4) * 5}" fill="${i % 2 ? '#2b1b14' : '#3a261c'}"/>`;
    }).join(''),
    front: (cx, cy, rx, ry) => [[-60, -96, 40], [-10, -112, 44], [44, -100, 40], [84, -66, 32], [-92, -58, 30]]
      .map(([dx, dy, r], i) => `<circle cx="${cx + dx}" cy="${cy + dy}" r="${r}" fill="${i % 2 ? '#2b1b14' : '#3a261c'}"/>`).join(''),
  },
  swept: {
    front: (cx, cy, rx, ry) => `<path d="M${cx - rx - 4},${cy} C${cx - rx - 16},${cy - ry - 56} ${cx + rx + 30},${cy - ry - 50} ${cx + rx + 4},${cy - 6}
      C${cx + rx - 10},${cy - 60} ${cx + 40},${cy - 84} ${cx - 40},${cy - 80} C${cx - 70},${cy - 70} ${cx - rx + 6},${cy - 50} ${cx - rx - 4},${cy} Z" fill="#4a3b33"/>
      <path d="M${cx - 50},${cy - 92} C${cx},${cy - 120} ${cx + 60},${cy - 110} ${cx + rx - 6},${cy - 60}" stroke="#8b7a6e" stroke-width="6" fill="none" opacity=".8"/>`,
  },
  puff: {
    front: (cx, cy, rx, ry) => `${Array.from({ length: 16 }, (_, i) => {
      const a = (Math.PI * 2 * i) / 16;
      return `<circle cx="${(cx + 8 + Math.cos(a) * 62).toFixed(1)}" cy="${(cy - ry - 66 + Math.sin(a) * 52).toFixed(1)}" r="34" fill="${i % 2 ? '#1a110c' : '#24170f'}"/>`;
    }).join('')}
      <ellipse cx="${cx + 8}" cy="${cy - ry - 66}" rx="70" ry="58" fill="#1f140e"/>
      <path d="M${cx - rx + 2},${cy - 16} C${cx - rx - 6},${cy - ry - 30} ${cx + rx + 6},${cy - ry - 30} ${cx + rx - 2},${cy - 16} C${cx + rx - 16},${cy - ry + 12} ${cx - rx + 16},${cy - ry + 12} ${cx - rx + 2},${cy - 16} Z" fill="#1f140e"/>
      <path d="M${cx - rx + 14},${cy - ry + 2} Q${cx},${cy - ry - 30} ${cx + rx - 14},${cy - ry + 2}" stroke="#e9c46a" stroke-width="16" fill="none" stroke-linecap="round"/>`,
  },
  ponytail: {
    back: (cx, cy, rx, ry) => `<path d="M${cx + rx - 40},${cy - ry + 4} C${cx + rx + 70},${cy - ry + 10} ${cx + rx + 80},${cy + 80} ${cx + rx + 34},${cy + 190}" stroke="#b25a2c" stroke-width="52" fill="none" stroke-linecap="round"/>`,
    front: (cx, cy, rx, ry) => `<path d="M${cx - rx - 6},${cy + 6} C${cx - rx - 14},${cy - ry - 48} ${cx + rx + 14},${cy - ry - 48} ${cx + rx + 6},${cy + 6}
      C${cx + rx - 8},${cy - 54} ${cx + 40},${cy - ry + 8} ${cx - 6},${cy - ry + 6} C${cx - 50},${cy - ry + 8} ${cx - rx + 8},${cy - 54} ${cx - rx - 6},${cy + 6} Z" fill="#c46a34"/>
      <path d="M${cx - 50},${cy - ry + 2} C${cx - 10},${cy - ry - 20} ${cx + 50},${cy - ry - 14} ${cx + rx - 4},${cy - 40}" stroke="#e3945c" stroke-width="6" fill="none" opacity=".8"/>
      <circle cx="${cx + rx + 2}" cy="${cy - ry + 20}" r="13" fill="#2b3a55"/>`,
  },
  sidePart: {
    front: (cx, cy, rx, ry) => `<path d="M${cx - rx - 2},${cy - 2} C${cx - rx - 12},${cy - ry - 46} ${cx + rx + 14},${cy - ry - 42} ${cx + rx + 2},${cy - 4}
      C${cx + rx - 8},${cy - 52} ${cx + 64},${cy - 80} ${cx + 14},${cy - 80} C${cx - 26},${cy - 64} ${cx - 66},${cy - 76} ${cx - rx - 2},${cy - 2} Z" fill="#16100d"/>
      <path d="M${cx - 30},${cy - ry + 2} C${cx - 6},${cy - ry - 12} ${cx + 40},${cy - ry - 8} ${cx + rx - 12},${cy - 52}" stroke="#3b2e28" stroke-width="5" fill="none"/>
      <path d="M${cx - 36},${cy - ry + 6} Q${cx - 34},${cy - 76} ${cx - 60},${cy - 62}" stroke="#3b2e28" stroke-width="4" fill="none"/>`,
  },
  longWavy: {
    back: (cx, cy, rx) => `<path d="M${cx - rx - 30},${cy - 30} C${cx - rx - 70},${cy + 80} ${cx - rx - 20},${cy + 160} ${cx - rx - 60},${cy + 270} L${cx + rx + 60},${cy + 270} C${cx + rx + 20},${cy + 160} ${cx + rx + 70},${cy + 80} ${cx + rx + 30},${cy - 30} Z" fill="#3a2318"/>`,
    front: (cx, cy, rx, ry) => `<path d="M${cx - rx - 30},${cy + 150} C${cx - rx - 50},${cy + 40} ${cx - rx - 40},${cy - ry - 50} ${cx + 20},${cy - ry - 30}
      C${cx + rx + 40},${cy - ry - 20} ${cx + rx + 50},${cy + 40} ${cx + rx + 30},${cy + 150} C${cx + rx + 10},${cy + 60} ${cx + rx - 6},${cy - 10} ${cx + rx - 14},${cy - 50}
      C${cx + 40},${cy - 70} ${cx - 10},${cy - 90} ${cx - 30},${cy - ry + 10} C${cx - 50},${cy - 60} ${cx - rx + 4},${cy - 20} ${cx - rx - 30},${cy + 150} Z" fill="#4a2c1d"/>
      ${[-1, 1].map((k) => `<path d="M${cx + k * (rx + 8)},${cy - 20} C${cx + k * (rx + 30)},${cy + 40} ${cx + k * (rx + 4)},${cy + 90} ${cx + k * (rx + 24)},${cy + 140}" stroke="#7a4d34" stroke-width="5" fill="none" opacity=".8"/>`).join('')}`,
  },
  shortCurls: {
    front: (cx, cy, rx, ry) => `<path d="M${cx - rx + 2},${cy - 14} C${cx - rx - 4},${cy - ry - 30} ${cx + rx + 4},${cy - ry - 30} ${cx + rx - 2},${cy - 14} C${cx + rx - 18},${cy - ry + 20} ${cx - rx + 18},${cy - ry + 20} ${cx - rx + 2},${cy - 14} Z" fill="#20150f"/>
      ${Array.from({ length: 15 }, (_, i) => {
    const a = Math.PI * (1.06 + (0.88 * i) / 14);
    return `<circle cx="${(cx + Math.cos(a) * (rx + 2)).toFixed(1)}" cy="${(cy - 24 + Math.sin(a) * (ry - 4)).toFixed(1)}" r="${20 + (i % 3) * 3}" fill="${i % 2 ? '#20150f' : '#2c1d15'}"/>`;
  }).join('')}`,
  },
  fringe: {
    front: (cx, cy, rx, ry) => `<path d="M${cx - rx},${cy - 14} C${cx - rx - 10},${cy - ry - 44} ${cx + rx + 10},${cy - ry - 44} ${cx + rx},${cy - 14}
      C${cx + rx - 4},${cy - 50} ${cx + 76},${cy - 64} ${cx + 50},${cy - 60} C${cx + 10},${cy - 54} ${cx - 30},${cy - 66} ${cx - 50},${cy - 52} C${cx - 70},${cy - 60} ${cx - rx + 6},${cy - 46} ${cx - rx},${cy - 14} Z" fill="#6e4b30"/>
      ${[-40, -10, 20, 50].map((d) => `<path d="M${cx + d - 20},${cy - ry - 4} Q${cx + d},${cy - 80} ${cx + d + 12},${cy - 58}" stroke="#8f6848" stroke-width="5" fill="none"/>`).join('')}`,
  },
  bun: {
    back: (cx, cy, rx, ry) => `<circle cx="${cx - 24}" cy="${cy - ry - 40}" r="48" fill="#2a1a13"/><path d="M${cx - 60},${cy - ry - 56} Q${cx - 24},${cy - ry - 96} ${cx + 14},${cy - ry - 50}" stroke="#4d3226" stroke-width="5" fill="none"/>`,
    front: (cx, cy, rx, ry) => `<path d="M${cx - rx - 4},${cy + 16} C${cx - rx - 12},${cy - ry - 40} ${cx + rx + 12},${cy - ry - 40} ${cx + rx + 4},${cy + 16}
      C${cx + rx - 6},${cy - 40} ${cx + 30},${cy - ry + 12} ${cx},${cy - ry + 10} C${cx - 30},${cy - ry + 12} ${cx - rx + 6},${cy - 40} ${cx - rx - 4},${cy + 16} Z" fill="#2f1d15"/>
      <path d="M${cx - 10},${cy - ry - 10} C${cx - 40},${cy - ry - 6} ${cx - 70},${cy - 80} ${cx - rx + 4},${cy - 30}" stroke="#52372a" stroke-width="5" fill="none"/>
      <path d="M${cx + 10},${cy - ry - 10} C${cx + 40},${cy - ry - 6} ${cx + 70},${cy - 80} ${cx + rx - 4},${cy - 30}" stroke="#52372a" stroke-width="5" fill="none"/>`,
  },
  overShoulder: {
    back: (cx, cy, rx) => `<path d="M${cx - rx - 20},${cy - 30} L${cx - rx - 36},${cy + 250} Q${cx},${cy + 280} ${cx + rx + 36},${cy + 250} L${cx + rx + 20},${cy - 30} Z" fill="#140e0c"/>`,
    front: (cx, cy, rx, ry) => `<path d="M${cx - rx - 18},${cy + 40} C${cx - rx - 24},${cy - ry - 50} ${cx + rx + 24},${cy - ry - 50} ${cx + rx + 18},${cy + 40}
      C${cx + rx + 2},${cy - 30} ${cx + 20},${cy - ry + 14} ${cx},${cy - ry + 14} C${cx - 20},${cy - ry + 14} ${cx - rx - 2},${cy - 30} ${cx - rx - 18},${cy + 40} Z" fill="#1b1411"/>
      <path d="M${cx + rx + 4},${cy + 10} C${cx + rx + 30},${cy + 100} ${cx + rx + 20},${cy + 180} ${cx + rx + 50},${cy + 290}" stroke="#1b1411" stroke-width="50" fill="none" stroke-linecap="round"/>
      <path d="M${cx},${cy - ry - 6} L${cx},${cy - ry + 16}" stroke="#43342d" stroke-width="4"/>
      <path d="M${cx + 24},${cy - ry - 2} C${cx + 60},${cy - ry + 4} ${cx + rx},${cy - 40} ${cx + rx + 10},${cy + 10} C${cx + rx + 30},${cy + 100} ${cx + rx + 20},${cy + 180} ${cx + rx + 44},${cy + 270}" stroke="#3a2d27" stroke-width="5" fill="none"/>`,
  },
};

const beard = (c) => (cx, cy, rx, ry) => `<path d="M${cx - rx + 6},${cy + 10} C${cx - rx + 10},${cy + 100} ${cx - 40},${cy + ry + 16} ${cx},${cy + ry + 16} C${cx + 40},${cy + ry + 16} ${cx + rx - 10},${cy + 100} ${cx + rx - 6},${cy + 10}
  C${cx + 60},${cy + 60} ${cx + 30},${cy + 58} ${cx},${cy + 60} C${cx - 30},${cy + 58} ${cx - 60},${cy + 60} ${cx - rx + 6},${cy + 10} Z" fill="${c}" opacity=".92"/>
  <path d="M${cx - 24},${cy + 72} Q${cx},${cy + 84} ${cx + 24},${cy + 72}" stroke="#7c3a30" stroke-width="5" fill="none" stroke-linecap="round"/>`;
const stubble = (c) => (cx, cy, rx, ry) => `<path d="M${cx - rx + 8},${cy + 20} C${cx - rx + 12},${cy + 100} ${cx - 40},${cy + ry + 8} ${cx},${cy + ry + 8} C${cx + 40},${cy + ry + 8} ${cx + rx - 12},${cy + 100} ${cx + rx - 8},${cy + 20}
  C${cx + 60},${cy + 66} ${cx + 30},${cy + 56} ${cx},${cy + 58} C${cx - 30},${cy + 56} ${cx - 60},${cy + 66} ${cx - rx + 8},${cy + 20} Z" fill="${c}" opacity=".28"/>`;

// The leaders (content/*/about/leadership/), then the researchers
// (content/*/research/people/). `tilt` leans the whole person, in degrees.
const PEOPLE = [
  {
    name: 'mara-lindqvist', scene: 'riverWindow', cx: 840, cy: 300, skin: 'fair', lightFromLeft: true,
    cloth: ['#1f5f63', '#123f43'], collar: crew('#2b777b'), hair: hair.shoulderBlonde, brow: '#8a6a3a',
  },
  {
    name: 'daniel-okafor', scene: 'workbench', cx: 360, cy: 310, skin: 'deep', lightFromLeft: false,
    cloth: ['#e9e2d0', '#cfc5ad'], collar: lapels('#8d8470', '#f7f3ea'), hair: hair.closeCrop, beard: beard('#1d1410'), smileEyes: true,
  },
  {
    name: 'hana-tanaka', scene: 'bookshelf', cx: 880, cy: 300, skin: 'light', lightFromLeft: true,
    cloth: ['#2d3e5e', '#1c2940'], collar: lapels('#10192a', '#e0fbfc'), hair: hair.bob, glasses: '#5a3a2a', earrings: '#f2cc8f',
  },
  {
    name: 'priya-raghunathan', scene: 'screens', cx: 330, cy: 300, skin: 'brown', lightFromLeft: false,
    cloth: ['#ee6c4d', '#c4523a'], collar: crew('#f28b6f'), hair: hair.longBraid, earrings: '#f2cc8f', smileEyes: true,
  },
  {
    name: 'samira-haddad', scene: 'plants', cx: 420, cy: 310, skin: 'olive', lightFromLeft: false,
    cloth: ['#f2cc8f', '#dcb172'], collar: scarf('#52796f', '#3d6b5e'), hair: hair.curls,
  },
  {
    name: 'tomas-echeverria', scene: 'harbour', cx: 800, cy: 320, skin: 'tan', lightFromLeft: true,
    cloth: ['#3d5a80', '#2a4160'], collar: lapels('#1c2c44', '#f2cc8f'), hair: hair.swept, glasses: '#293241', beard: beard('#4a3b33'),
  },
  {
    name: 'efua-mensah', scene: 'mosaic', cx: 860, cy: 320, skin: 'ebony', lightFromLeft: true, tilt: -3,
    cloth: ['#e0a526', '#b8831b'], collar: beaded('#1f5f63', '#f7f3ea'), hair: hair.puff, earrings: '#e9c46a', smileEyes: true,
  },
  {
    name: 'femke-bakker', scene: 'waveTank', cx: 330, cy: 300, skin: 'rosy', lightFromLeft: false,
    cloth: ['#2b3a55', '#1d283d'], collar: zipped('#e76f51', '#c9ced6'), hair: hair.ponytail, brow: '#9a5a34', details: freckles('#b0704f'),
  },
  {
    name: 'rahul-menon', scene: 'stickyNotes', cx: 820, cy: 310, skin: 'caramel', lightFromLeft: true, tilt: 2,
    cloth: ['#6b7f4e', '#556640'], collar: shirt('#7d915c', '#3f4c2f'), hair: hair.sidePart, glasses: '#2a2a2a', beard: stubble('#1d1410'),
  },
  {
    name: 'catalina-rojas', scene: 'coast', cx: 360, cy: 310, skin: 'olive', lightFromLeft: false, tilt: -2,
    cloth: ['#f4c430', '#d9a91c'], collar: zipped('#e0b11f', '#8a7a3a'), hair: hair.longWavy, brow: '#3a2318', smileEyes: true,
  },
  {
    name: 'lucas-ferreira', scene: 'pier', cx: 790, cy: 300, skin: 'tan', lightFromLeft: true, shoulders: 290,
    cloth: ['#2f5d50', '#234539'], collar: crew('#3f7565'), hair: hair.shortCurls, beard: beard('#20150f'),
  },
  {
    name: 'theo-lambert', scene: 'chalkboard', cx: 380, cy: 320, skin: 'fair', lightFromLeft: false, tilt: 3,
    cloth: ['#7a2638', '#5c1a29'], collar: lapels('#3d0f1a', '#f1f1f1'), hair: hair.fringe, glasses: '#b08d57', brow: '#5a3c26',
  },
  {
    name: 'ines-vidal', scene: 'rooftops', cx: 860, cy: 310, skin: 'light', lightFromLeft: true, tilt: -2,
    cloth: ['#c8643b', '#a44d2b'], collar: vneck('#8e3e20', '#e9c46a'), hair: hair.bun, earrings: '#e9c46a', brow: '#2f1d15', smileEyes: true,
  },
  {
    name: 'ananya-krishnan', scene: 'circuit', cx: 330, cy: 300, skin: 'brown', lightFromLeft: false, shoulders: 250,
    cloth: ['#5e3a87', '#452a66'], collar: crew('#e9c46a'), hair: hair.overShoulder, earrings: '#e9c46a', details: noseStud('#e9c46a'), smileEyes: true,
  },
];

function svg(p) {
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" viewBox="0 0 ${W} ${H}">
<defs>
  ${skinDefs('skin', p.skin, p.lightFromLeft)}
  ${clothDefs('cloth', p.cloth)}
  <linearGradient id="sky" x1="0" y1="0" x2="0" y2="1"><stop offset="0" stop-color="#a9d3dd"/><stop offset="1" stop-color="#f4e6c8"/></linearGradient>
  <linearGradient id="dusk" x1="0" y1="0" x2="0" y2="1"><stop offset="0" stop-color="#f4c9a4"/><stop offset="1" stop-color="#f7e6cf"/></linearGradient>
  <radialGradient id="glow" cx="80%" cy="20%" r="70%"><stop offset="0" stop-color="#fff8e6"/><stop offset="1" stop-color="#fff8e6" stop-opacity="0"/></radialGradient>
  <radialGradient id="vignette" cx="50%" cy="45%" r="75%"><stop offset=".6" stop-color="#000" stop-opacity="0"/><stop offset="1" stop-color="#000" stop-opacity=".22"/></radialGradient>
  <filter id="soft" x="-5%" y="-5%" width="110%" height="110%"><feGaussianBlur stdDeviation="9"/></filter>
  <filter id="shade" x="-20%" y="-20%" width="140%" height="140%"><feDropShadow dx="0" dy="10" stdDeviation="14" flood-color="#000" flood-opacity=".25"/></filter>
</defs>
<g filter="url(#soft)">${scenes[p.scene]()}</g>
<g filter="url(#shade)">${person({ ...p, hairBack: p.hair.back, hair: p.hair.front })}</g>
<rect width="${W}" height="${H}" fill="url(#vignette)"/>
</svg>`;
}

async function main() {
  const names = process.argv.slice(2);
  const unknown = names.filter((n) => !PEOPLE.some((p) => p.name === n));
  if (unknown.length) throw new Error(`no such person: ${unknown.join(', ')}`);
  const people = names.length ? PEOPLE.filter((p) => names.includes(p.name)) : PEOPLE;
  fs.mkdirSync(OUT, { recursive: true });
  const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH || '/usr/bin/chromium' });
  const page = await browser.newPage({ viewport: { width: W, height: H } });
  for (const p of people) {
    await page.setContent(`<html><body style="margin:0">${svg(p)}</body></html>`);
    const file = path.join(OUT, `portrait-${p.name}.jpg`);
    await page.screenshot({ path: file, type: 'jpeg', quality: 78 });
    const focal = [(p.cx / W).toFixed(3), ((p.cy - 10) / H).toFixed(3)];
    console.log(`${path.basename(file)}: ${fs.statSync(file).size} bytes, focal ${focal.join(', ')}`);
  }
  await browser.close();
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
