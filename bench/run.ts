import { spawnSync } from "node:child_process";
import { mkdirSync, writeFileSync, existsSync } from "node:fs";
import { cpus, release, totalmem } from "node:os";
import { dirname, join } from "node:path";
import { parseArgs } from "node:util";
import type { BenchEntry } from "./entry.js";
import { reportFiles } from "./report.js";

/**
 * `npm run bench`: runs every benchmark of the project, each in its own process, and gathers their
 * JSON into bench/out/report.json and bench/out/report.md (with SVG charts in bench/out/charts/), with
 * the machine, the date and the command of every figure.
 * `--only a,b` runs a subset; `--soak-minutes N` sets the soak length (default 10).
 */
const ROOT = new URL("..", import.meta.url).pathname.replace(/\/$/, "");
const { values } = parseArgs({
  options: { only: { type: "string" }, "soak-minutes": { type: "string", default: "10" } },
});

const BENCHES: { name: string; cwd: string; argv: string[] }[] = [
  { name: "engines", cwd: ROOT, argv: ["bench/engines.ts"] },
  { name: "injection", cwd: ROOT, argv: ["bench/injection.ts"] },
  {
    name: "sandbox",
    cwd: join(ROOT, "service"),
    argv: ["src/sandbox/bench.ts"],
  },
  { name: "sandbox-vs-docker", cwd: ROOT, argv: ["bench/sandbox-vs-docker.ts"] },
  { name: "bluegreen", cwd: ROOT, argv: ["bench/bluegreen.ts"] },
  { name: "drill", cwd: ROOT, argv: ["bench/drill.ts"] },
  { name: "pulumi", cwd: ROOT, argv: ["bench/pulumi.ts"] },
  { name: "pulumi-runbooks", cwd: ROOT, argv: ["bench/pulumi-runbooks.ts"] },
  { name: "kubernetes", cwd: ROOT, argv: ["bench/kubernetes.ts"] },
  { name: "overload", cwd: ROOT, argv: ["bench/overload.ts"] },
  { name: "replica-recovery", cwd: ROOT, argv: ["bench/replica-recovery.ts"] },
  { name: "soak", cwd: ROOT, argv: ["bench/soak.ts", "--minutes", values["soak-minutes"] ?? "10"] },
];

function runBench(b: (typeof BENCHES)[number]): BenchEntry {
  const command = `node --import tsx ${b.argv.join(" ")}${b.cwd === ROOT ? "" : ` (in ${b.cwd.slice(ROOT.length + 1)})`}`;
  if (!existsSync(join(b.cwd, b.argv[0]!)))
    return { name: b.name, command, seconds: 0, ok: false, result: { error: `${b.argv[0]} does not exist` } };
  process.stderr.write(`… bench ${b.name}: ${command}\n`);
  const started = Date.now();
  const child = spawnSync(process.execPath, ["--import", "tsx", ...b.argv], {
    cwd: b.cwd,
    encoding: "utf8",
    stdio: ["ignore", "pipe", "inherit"],
    maxBuffer: 64 << 20,
  });
  const seconds = (Date.now() - started) / 1000;
  try {
    return { name: b.name, command, seconds, ok: child.status === 0, result: JSON.parse(lastJson(child.stdout)) };
  } catch {
    return {
      name: b.name,
      command,
      seconds,
      ok: false,
      result: { error: `exit ${child.status}`, stdout: child.stdout.slice(-2000) },
    };
  }
}

/** The last JSON document a bench printed (some print progress lines before it). */
function lastJson(stdout: string): string {
  const start = stdout.lastIndexOf("\n{");
  return start >= 0 ? stdout.slice(start + 1) : stdout;
}

const only = values.only?.split(",");
const machine = {
  cpus: cpus().length,
  cpuModel: cpus()[0]?.model ?? "?",
  memoryGiB: Math.round(totalmem() / 2 ** 30),
  kernel: release(),
  node: process.version,
};
const entries = BENCHES.filter((b) => !only || only.includes(b.name)).map(runBench);
const report = { date: new Date().toISOString(), machine, entries };
mkdirSync(join(ROOT, "bench", "out"), { recursive: true });
writeFileSync(join(ROOT, "bench", "out", "report.json"), `${JSON.stringify(report, null, 2)}\n`);
for (const f of reportFiles(report)) {
  mkdirSync(dirname(join(ROOT, "bench", "out", f.path)), { recursive: true });
  writeFileSync(join(ROOT, "bench", "out", f.path), f.content);
}
process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
process.exitCode = entries.every((e) => e.ok) ? 0 : 1;
