'use strict';
// Draws the demo site's leadership portraits: stylized, made for Halcyon,
// of nobody real. Each is a landscape picture with the person off-centre,
// so the 4:5 and square crops that the media library cuts around the focal
// point have something to cut. The pictures go to site/media/ as JPEG, with
// the focal point (the face) printed for the sidecar file beside each.
//
//   node scripts/portraits/draw.js            (needs tests/browser's npm ci)
//
// Chromium (CHROMIUM_PATH, else /usr/bin/chromium) rasterizes the SVG.
// A redrawn picture is new bytes, so a new key in the media library: the
// leaders' files (content/*/about/leadership/) name it as `media:KEY`, and
// `portico check` reports a key that no bundled file has.

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
  const parts = [];
  // Hair behind the head and shoulders.
  if (p.hairBack) parts.push(p.hairBack(cx, cy, rx, ry));
  // Torso.
  parts.push(`<path d="M${cx - sw - 60},${H + 10} C${cx - sw - 40},${shoulderY + 40} ${cx - sw + 30},${shoulderY - 10} ${cx - 70},${shoulderY - 28}
    L${cx + 70},${shoulderY - 28} C${cx + sw - 30},${shoulderY - 10} ${cx + sw + 40},${shoulderY + 40} ${cx + sw + 60},${H + 10} Z" fill="url(#cloth)"/>`);
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
  return parts.join('\n');
}

const lapels = (dark, shirt) => (cx, y) => `
  <path d="M${cx - 52},${y - 22} L${cx},${y + 70} L${cx + 52},${y - 22} L${cx + 30},${y - 30} L${cx},${y + 20} L${cx - 30},${y - 30} Z" fill="${shirt}"/>
  <path d="M${cx - 70},${y - 26} L${cx - 14},${y + 120} L${cx - 60},${y + 60} L${cx - 120},${y + 10} Z" fill="${dark}" opacity=".55"/>
  <path d="M${cx + 70},${y - 26} L${cx + 14},${y + 120} L${cx + 60},${y + 60} L${cx + 120},${y + 10} Z" fill="${dark}" opacity=".55"/>`;
const crew = (rib) => (cx, y) => `<path d="M${cx - 62},${y - 26} Q${cx},${y + 40} ${cx + 62},${y - 26}" stroke="${rib}" stroke-width="14" fill="none" stroke-linecap="round"/>`;
const scarf = (a, b) => (cx, y) => `<path d="M${cx - 80},${y - 30} Q${cx},${y + 40} ${cx + 80},${y - 30} L${cx + 70},${y + 10} Q${cx},${y + 80} ${cx - 70},${y + 10} Z" fill="${a}"/>
  <path d="M${cx + 20},${y + 30} L${cx + 60},${y + 170} L${cx + 20},${y + 180} L${cx - 4},${y + 40} Z" fill="${b}"/>`;

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
};

const beard = (c) => (cx, cy, rx, ry) => `<path d="M${cx - rx + 6},${cy + 10} C${cx - rx + 10},${cy + 100} ${cx - 40},${cy + ry + 16} ${cx},${cy + ry + 16} C${cx + 40},${cy + ry + 16} ${cx + rx - 10},${cy + 100} ${cx + rx - 6},${cy + 10}
  C${cx + 60},${cy + 60} ${cx + 30},${cy + 58} ${cx},${cy + 60} C${cx - 30},${cy + 58} ${cx - 60},${cy + 60} ${cx - rx + 6},${cy + 10} Z" fill="${c}" opacity=".92"/>
  <path d="M${cx - 24},${cy + 72} Q${cx},${cy + 84} ${cx + 24},${cy + 72}" stroke="#7c3a30" stroke-width="5" fill="none" stroke-linecap="round"/>`;

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
  fs.mkdirSync(OUT, { recursive: true });
  const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH || '/usr/bin/chromium' });
  const page = await browser.newPage({ viewport: { width: W, height: H } });
  for (const p of PEOPLE) {
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
