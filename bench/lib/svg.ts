/**
 * A small hand-written SVG chart: throughput (req/s, left axis, bars) and start-up time (ms, right
 * axis, line) against the number of features. Deterministic for given points.
 */
import type { ScalingPoint } from './results.js';

const W = 560;
const H = 300;
const PAD = { left: 70, right: 70, top: 40, bottom: 50 };

const escape = (text: string): string => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

export function renderSvg(points: readonly ScalingPoint[], note = ''): string {
  const head = `<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" viewBox="0 0 ${W} ${H}" font-family="sans-serif" font-size="12">`;
  const title = `<text x="${W / 2}" y="20" text-anchor="middle" font-size="14">Throughput and start-up against feature count</text>`;
  if (points.length === 0) {
    const text = `<text x="${W / 2}" y="${H / 2}" text-anchor="middle">No feature-count data: ${escape(note)}</text>`;
    return `${[head, title, text, '</svg>'].join('\n')}\n`;
  }
  const plotW = W - PAD.left - PAD.right;
  const plotH = H - PAD.top - PAD.bottom;
  const maxRps = Math.max(...points.map((p) => p.rps)) * 1.1 || 1;
  const maxMs = Math.max(...points.map((p) => p.startupMs)) * 1.1 || 1;
  const slot = plotW / points.length;
  const cx = (i: number): number => PAD.left + slot * (i + 0.5);
  const yRps = (v: number): number => PAD.top + plotH * (1 - v / maxRps);
  const yMs = (v: number): number => PAD.top + plotH * (1 - v / maxMs);
  const f = (v: number): string => v.toFixed(1);
  const parts = [head, title];
  parts.push(
    `<line x1="${PAD.left}" y1="${PAD.top + plotH}" x2="${PAD.left + plotW}" y2="${PAD.top + plotH}" stroke="#333"/>`,
    `<text x="${PAD.left - 8}" y="${PAD.top - 8}" text-anchor="end" fill="#3b6ea5">req/s</text>`,
    `<text x="${PAD.left + plotW + 8}" y="${PAD.top - 8}" fill="#c0392b">start-up ms</text>`,
    `<text x="${W / 2}" y="${H - 10}" text-anchor="middle">features mounted</text>`,
  );
  points.forEach((p, i) => {
    const barW = slot * 0.5;
    parts.push(
      `<rect x="${f(cx(i) - barW / 2)}" y="${f(yRps(p.rps))}" width="${f(barW)}" height="${f(PAD.top + plotH - yRps(p.rps))}" fill="#3b6ea5"/>`,
      `<text x="${f(cx(i))}" y="${f(yRps(p.rps) - 4)}" text-anchor="middle" fill="#3b6ea5">${Math.round(p.rps)}</text>`,
      `<text x="${f(cx(i))}" y="${PAD.top + plotH + 16}" text-anchor="middle">${p.features}</text>`,
    );
  });
  const line = points.map((p, i) => `${f(cx(i))},${f(yMs(p.startupMs))}`).join(' ');
  parts.push(`<polyline points="${line}" fill="none" stroke="#c0392b" stroke-width="2"/>`);
  points.forEach((p, i) => {
    parts.push(
      `<circle cx="${f(cx(i))}" cy="${f(yMs(p.startupMs))}" r="4" fill="#c0392b"/>`,
      `<text x="${f(cx(i) + 8)}" y="${f(yMs(p.startupMs) + 4)}" fill="#c0392b">${Math.round(p.startupMs)} ms</text>`,
    );
  });
  parts.push('</svg>');
  return `${parts.join('\n')}\n`;
}
