import assert from "node:assert/strict";
import { test } from "vitest";
import { barChart, lineChart } from "./report-svg.js";

const widths = (svg: string): number[] =>
  [...svg.matchAll(/<rect x="170" y="[\d.]+" width="([\d.]+)"/g)].map((m) => Number(m[1]));

test("bars are proportional to their values, the largest spanning the plot, each labelled with its value and unit", () => {
  const svg = barChart(
    "t",
    "ms",
    ["p50", "p99"],
    [
      { label: "math", values: { p50: 10, p99: 40 } },
      { label: "logic", values: { p50: 20 } },
    ],
  );
  assert.deepEqual(widths(svg), [105, 420, 210]);
  assert.match(svg, />40 ms</);
  assert.match(svg, />logic</);
});

test("text is escaped", () => {
  const svg = barChart('a <b> & "c"', "", ["s"], [{ label: "<x>", values: { s: 1 } }]);
  assert.match(svg, /a &lt;b&gt; &amp; &quot;c&quot;/);
  assert.doesNotMatch(svg, /<x>/);
});

test("a line runs from the left to the right edge, y scaled from 0 to the largest value", () => {
  const svg = lineChart("t", "s", "MiB", [
    {
      name: "rss",
      points: [
        [0, 0],
        [10, 50],
        [20, 100],
      ],
    },
  ]);
  assert.match(svg, /d="M60\.0,264\.0 L340\.0,154\.0 L620\.0,44\.0"/);
  assert.match(svg, />100</);
});

test("an empty series still renders a valid chart", () => {
  assert.match(lineChart("t", "s", "y", [{ name: "none", points: [] }]), /<\/svg>\n$/);
});
