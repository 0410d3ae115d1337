// Charts drawn on the server as inline SVG: no script, nothing fetched, readable without colour (every
// chart has a text alternative: a title, and the numbers in a table beside it or in <title> tooltips).
import { escapeText, html, type Html, trusted } from "./html.js";

const W = 640;
const H = 220;
const PAD = { l: 40, r: 10, t: 10, b: 28 };

export interface Series {
  key: string;
  /** A CSS class that colours it (f-allow, f-block, …). */
  cls: string;
}

/** Stacked bars: one bar per x, one segment per series. */
export function stackedBars(
  title: string,
  xs: string[],
  series: Series[],
  value: (x: string, key: string) => number,
): Html {
  const totals = xs.map((x) => series.reduce((a, s) => a + value(x, s.key), 0));
  const max = Math.max(1, ...totals);
  const iw = W - PAD.l - PAD.r;
  const ih = H - PAD.t - PAD.b;
  const bw = xs.length ? iw / xs.length : iw;
  let svg = "";
  xs.forEach((x, i) => {
    let y = PAD.t + ih;
    for (const s of series) {
      const v = value(x, s.key);
      if (v <= 0) continue;
      const h = (v / max) * ih;
      y -= h;
      svg += `<rect class="${s.cls}" x="${(PAD.l + i * bw + bw * 0.15).toFixed(1)}" y="${y.toFixed(1)}" width="${(bw * 0.7).toFixed(1)}" height="${h.toFixed(1)}"><title>${escapeText(`${x} ${s.key}: ${v}`)}</title></rect>`;
    }
    if (xs.length <= 16 || i % Math.ceil(xs.length / 16) === 0)
      svg += `<text x="${(PAD.l + i * bw + bw / 2).toFixed(1)}" y="${H - 8}" text-anchor="middle">${escapeText(x.slice(5))}</text>`;
  });
  svg += axis(max, ih);
  return html`<figure>
<svg class="chart" viewBox="0 0 ${W} ${H}" role="img" aria-label="${title}">${trusted(svg)}</svg>
<figcaption class="legend">${series.map((s) => html`<span><span class="sw ${s.cls}"></span>${s.key}</span>`)}</figcaption>
</figure>`;
}

function axis(max: number, ih: number): string {
  let s = `<line class="axis" x1="${PAD.l}" y1="${PAD.t + ih}" x2="${W - PAD.r}" y2="${PAD.t + ih}"/>`;
  for (const f of [0.5, 1]) {
    const y = PAD.t + ih - f * ih;
    const label = max * f;
    s += `<line class="axis" x1="${PAD.l}" y1="${y.toFixed(1)}" x2="${W - PAD.r}" y2="${y.toFixed(1)}" stroke-dasharray="2 4"/>`;
    s += `<text x="${PAD.l - 4}" y="${(y + 4).toFixed(1)}" text-anchor="end">${escapeText(label >= 10 ? String(Math.round(label)) : label.toFixed(1))}</text>`;
  }
  return s;
}

/** Horizontal bars, one per label. */
export function horizontalBars(title: string, rows: { label: string; n: number }[]): Html {
  const max = Math.max(1, ...rows.map((r) => r.n));
  const rowH = 22;
  const h = Math.max(rowH, rows.length * rowH) + 4;
  const labelW = 230;
  let svg = "";
  rows.forEach((r, i) => {
    const w = ((W - labelW - 50) * r.n) / max;
    const y = i * rowH + 4;
    svg += `<text x="${labelW - 6}" y="${y + 14}" text-anchor="end">${escapeText(r.label.length > 36 ? `${r.label.slice(0, 35)}…` : r.label)}</text>`;
    svg += `<rect class="f-accent" x="${labelW}" y="${y + 3}" width="${w.toFixed(1)}" height="${rowH - 8}"><title>${escapeText(`${r.label}: ${r.n}`)}</title></rect>`;
    svg += `<text x="${(labelW + w + 6).toFixed(1)}" y="${y + 14}">${r.n}</text>`;
  });
  return html`<svg class="chart" viewBox="0 0 ${W} ${h}" role="img" aria-label="${title}">${trusted(svg)}</svg>`;
}

/** Lines over days (p50 and p95 latency). */
export function lines(
  title: string,
  xs: string[],
  series: { key: string; cls: string; values: (number | null)[] }[],
): Html {
  const all = series.flatMap((s) => s.values.filter((v): v is number => v !== null));
  const max = Math.max(1, ...all);
  const iw = W - PAD.l - PAD.r;
  const ih = H - PAD.t - PAD.b;
  const step = xs.length > 1 ? iw / (xs.length - 1) : 0;
  let svg = axis(max, ih);
  for (const s of series) {
    const pts = s.values
      .map((v, i) =>
        v === null ? null : `${(PAD.l + i * step).toFixed(1)},${(PAD.t + ih - (v / max) * ih).toFixed(1)}`,
      )
      .filter(Boolean);
    if (pts.length) svg += `<polyline class="${s.cls}" points="${pts.join(" ")}"/>`;
  }
  xs.forEach((x, i) => {
    if (xs.length <= 16 || i % Math.ceil(xs.length / 16) === 0)
      svg += `<text x="${(PAD.l + i * step).toFixed(1)}" y="${H - 8}" text-anchor="middle">${escapeText(x.slice(5))}</text>`;
  });
  return html`<figure>
<svg class="chart" viewBox="0 0 ${W} ${H}" role="img" aria-label="${title}">${trusted(svg)}</svg>
<figcaption class="legend">${series.map((s) => html`<span><span class="sw ${s.cls === "s-line" ? "f-accent" : "f-escalate"}"></span>${s.key}</span>`)}</figcaption>
</figure>`;
}
