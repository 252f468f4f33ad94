import { barChart, lineChart, type BarGroup } from "./report-svg.js";

/** One chart of a bench's figures, written to bench/out/charts/<file> and linked from report.md. */
export interface Chart {
  file: string;
  title: string;
  svg: string;
}

type Figures = Record<string, any>;
const num = (v: unknown): number | undefined => (typeof v === "number" && Number.isFinite(v) ? v : undefined);
const defined = (values: Record<string, number | undefined>): Record<string, number> =>
  Object.fromEntries(Object.entries(values).filter((e): e is [string, number] => e[1] !== undefined));
const chart = (bench: string, name: string, title: string, svg: string): Chart => ({
  file: `${bench}-${name}.svg`,
  title,
  svg,
});

/** What a picture shows better than the table, per bench; nothing for a failed or unknown result. */
export function chartsFor(name: string, result: unknown): Chart[] {
  if (result === null || typeof result !== "object" || "error" in result) return [];
  const r = result as Figures;
  const make = CHARTS[name];
  return make ? make(r).filter((c): c is Chart => c !== undefined) : [];
}

const latencyGroups = (entries: [string, Figures | undefined][], p50: string, p99: string): BarGroup[] =>
  entries
    .filter(([, f]) => f)
    .map(([label, f]) => ({ label, values: defined({ p50: num(f![p50]), p99: num(f![p99]) }) }));

const CHARTS: Record<string, (r: Figures) => (Chart | undefined)[]> = {
  engines: (r) => [
    chart(
      "engines",
      "latency",
      "Engines over HTTP: latency per request",
      barChart(
        "Engines over HTTP: latency per request (closed loop)",
        "ms",
        ["p50", "p99"],
        latencyGroups(
          [["bare fastify", r.bare_fastify], ...Object.entries((r.engines ?? {}) as Record<string, Figures>)],
          "p50_ms",
          "p99_ms",
        ),
      ),
    ),
  ],
  "sandbox-vs-docker": (r) => [
    chart(
      "sandbox-vs-docker",
      "p50",
      "Per-job round trip: sandbox vs docker run",
      barChart(
        "Per-job round trip, p50, back to back",
        "ms",
        ["p50"],
        [
          { label: "docker run python3", values: defined({ p50: num(r.docker_run_python3?.backToBack?.p50_ms) }) },
          { label: "sandbox python", values: defined({ p50: num(r.sandbox?.python?.backToBack?.roundTripMs?.p50) }) },
          {
            label: "sandbox javascript",
            values: defined({ p50: num(r.sandbox?.javascript?.backToBack?.roundTripMs?.p50) }),
          },
        ],
      ),
    ),
  ],
  bluegreen: (r) => {
    const commands = ["deploy", "rollback", "flip", "flipBack"].filter((c) => r[c]);
    return [
      chart(
        "bluegreen",
        "commands",
        "Blue/green commands under load",
        barChart(
          "Blue/green commands under load: whole command and switch time",
          "ms",
          ["command", "switch"],
          commands.map((c) => ({
            label: c,
            values: defined({ command: num(r[c].commandMs), switch: num(r[c].switchTimeMs ?? undefined) }),
          })),
        ),
      ),
      chart(
        "bluegreen",
        "steps",
        "Blue/green: steps of each command",
        barChart(
          "Blue/green: time per step of each command",
          "ms",
          commands,
          [...new Set(commands.flatMap((c) => Object.keys(r[c].stepsMs ?? {})))].map((step) => ({
            label: step,
            values: defined(Object.fromEntries(commands.map((c) => [c, num(r[c].stepsMs?.[step])]))),
          })),
        ),
      ),
    ];
  },
  drill: (r) => [
    r.drill?.phases &&
      chart(
        "drill",
        "phases",
        "Restore drill: phases",
        barChart(
          "Restore drill: time per phase",
          "s",
          ["seconds"],
          Object.entries(r.drill.phases as Record<string, number>).map(([label, s]) => ({
            label,
            values: { seconds: s },
          })),
        ),
      ),
    r.drill &&
      chart(
        "drill",
        "rto",
        "Restore drill: RTO against a raw restore",
        barChart(
          "Restore drill: RTO against a raw pg_restore -j 2 of the same dump",
          "s",
          ["seconds"],
          [
            { label: "raw pg_restore -j 2", values: defined({ seconds: num(r.drill.rawPgRestoreJ2Seconds) }) },
            { label: "data check alone", values: defined({ seconds: num(r.drill.dataCheckSeconds) }) },
            { label: "drill RTO", values: defined({ seconds: num(r.drill.rtoSeconds) }) },
          ],
        ),
      ),
  ],
  soak: (r) => {
    const samples = (r.samples ?? []) as Figures[];
    return [
      chart(
        "soak",
        "memory",
        "Soak: api memory over time",
        lineChart("Soak: api process memory", "seconds since load start", "MiB", [
          { name: "RSS (node)", points: samples.map((s) => [s.atS, s.rssMiB]) },
          { name: "cgroup", points: samples.map((s) => [s.atS, s.cgroupMiB]) },
        ]),
      ),
      chart(
        "soak",
        "fds",
        "Soak: api open file descriptors",
        lineChart("Soak: api open file descriptors", "seconds since load start", "fds", [
          { name: "open fds", points: samples.map((s) => [s.atS, s.fds]) },
        ]),
      ),
    ];
  },
  overload: (r) => {
    const over = (r.overload?.perSecond ?? []) as Figures[];
    const rec = (r.recovery?.perSecond ?? []) as Figures[];
    const all: Figures[] = [...over, ...rec.map((b) => ({ ...b, s: b.s + over.length }))];
    return [
      chart(
        "overload",
        "timeline",
        "Overload then recovery: answers per second",
        lineChart(`2x capacity for ${over.length} s, then 0.5x: answers per second`, "seconds", "answers/s", [
          { name: "2xx", points: all.map((b) => [b.s, b.ok]) },
          { name: "503 shed", points: all.map((b) => [b.s, b.shed]) },
          { name: "other failures", points: all.map((b) => [b.s, b.other]) },
        ]),
      ),
      chart(
        "overload",
        "latency",
        "Overload: latency per phase",
        barChart(
          "Latency per phase",
          "ms",
          ["p50", "p99"],
          latencyGroups(
            [
              ["capacity (closed loop)", r.capacity?.latencyMs],
              ["2x capacity (open loop)", r.overload?.latencyMs],
              ["0.5x capacity (open loop)", r.recovery?.latencyMs],
            ],
            "p50",
            "p99",
          ),
        ),
      ),
    ];
  },
};
