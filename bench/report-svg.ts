/**
 * Minimal SVG charts for bench/out/report.md, as pure functions of the figures (no dependency, no
 * browser): grouped horizontal bars and line charts. Text is escaped; sizes are fixed.
 */
export interface BarGroup {
  label: string;
  /** One bar per series name, in the order of `series`. */
  values: Record<string, number>;
}

export interface Series {
  name: string;
  points: [number, number][];
}

const COLOURS = ["#4e79a7", "#f28e2b", "#e15759", "#76b7b2", "#59a14f", "#edc948"];
const esc = (t: string): string =>
  t.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
const fmt = (n: number): string => (Math.abs(n) >= 100 ? String(Math.round(n)) : String(Math.round(n * 10) / 10));

function legend(names: string[], x: number, y: number): string {
  return names
    .map(
      (n, i) =>
        `<rect x="${x + i * 130}" y="${y}" width="10" height="10" fill="${COLOURS[i % COLOURS.length]}"/><text x="${x + i * 130 + 14}" y="${y + 9}">${esc(n)}</text>`,
    )
    .join("");
}

const frame = (w: number, h: number, title: string, body: string): string =>
  `<svg xmlns="http://www.w3.org/2000/svg" width="${w}" height="${h}" viewBox="0 0 ${w} ${h}" font-family="sans-serif" font-size="11">` +
  `<rect width="${w}" height="${h}" fill="white"/><text x="10" y="18" font-size="13" font-weight="bold">${esc(title)}</text>${body}</svg>\n`;

/** Horizontal bars, one row per group, one bar per series; values labelled at the bar's end. */
export function barChart(title: string, unit: string, series: string[], groups: BarGroup[]): string {
  const labelW = 170;
  const plotW = 420;
  const barH = 12;
  const rowH = series.length * barH + 10;
  const top = 44;
  const max = Math.max(1e-9, ...groups.flatMap((g) => series.map((s) => g.values[s] ?? 0)));
  const rows = groups.map((g, gi) => {
    const y0 = top + gi * rowH;
    const bars = series.map((s, si) => {
      const v = g.values[s];
      if (v === undefined) return "";
      const w = Math.max(1, (v / max) * plotW);
      const y = y0 + si * barH;
      return `<rect x="${labelW}" y="${y}" width="${w.toFixed(1)}" height="${barH - 2}" fill="${COLOURS[si % COLOURS.length]}"/><text x="${(labelW + w + 4).toFixed(1)}" y="${y + barH - 3}">${fmt(v)} ${esc(unit)}</text>`;
    });
    return `<text x="${labelW - 6}" y="${y0 + (series.length * barH) / 2 + 4}" text-anchor="end">${esc(g.label)}</text>${bars.join("")}`;
  });
  const h = top + groups.length * rowH + 10;
  return frame(labelW + plotW + 110, h, title, legend(series, 10, 26) + rows.join(""));
}

/** Lines over a shared x axis (e.g. seconds), y from 0 to the largest value; axis ends labelled. */
export function lineChart(title: string, xLabel: string, yLabel: string, series: Series[]): string {
  const [left, top, w, h] = [60, 44, 560, 220];
  const xs = series.flatMap((s) => s.points.map((p) => p[0]));
  const ys = series.flatMap((s) => s.points.map((p) => p[1]));
  const [x0, x1] = [Math.min(0, ...xs), Math.max(1e-9, ...xs)];
  const y1 = Math.max(1e-9, ...ys);
  const px = (x: number) => left + ((x - x0) / (x1 - x0 || 1)) * w;
  const py = (y: number) => top + h - (y / y1) * h;
  const lines = series.map((s, i) => {
    const d = s.points.map(([x, y], j) => `${j === 0 ? "M" : "L"}${px(x).toFixed(1)},${py(y).toFixed(1)}`).join(" ");
    return `<path d="${d}" fill="none" stroke="${COLOURS[i % COLOURS.length]}" stroke-width="1.5"/>`;
  });
  const axes =
    `<line x1="${left}" y1="${top + h}" x2="${left + w}" y2="${top + h}" stroke="#333"/><line x1="${left}" y1="${top}" x2="${left}" y2="${top + h}" stroke="#333"/>` +
    `<text x="${left - 4}" y="${top + 4}" text-anchor="end">${fmt(y1)}</text><text x="${left - 4}" y="${top + h}" text-anchor="end">0</text>` +
    `<text x="${left}" y="${top + h + 14}">${fmt(x0)}</text><text x="${left + w}" y="${top + h + 14}" text-anchor="end">${fmt(x1)}</text>` +
    `<text x="${left + w / 2}" y="${top + h + 28}" text-anchor="middle">${esc(xLabel)}</text>` +
    `<text x="14" y="${top + h / 2}" transform="rotate(-90 14 ${top + h / 2})" text-anchor="middle">${esc(yLabel)}</text>`;
  return frame(
    left + w + 20,
    top + h + 40,
    title,
    legend(
      series.map((s) => s.name),
      10,
      26,
    ) +
      axes +
      lines.join(""),
  );
}
