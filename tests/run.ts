import { ensureEngine } from "../infra/automation/engine.js";
import { ensureBinaries } from "../infra/cluster/binaries.js";
import { ensureImages } from "../infra/images/build.js";
import { say } from "../infra/exec/progress.js";
import { engineGoTests } from "./support/goTests.js";
import { REPO_ROOT, TEST_INSTANCE } from "./support/instance.js";
import { ensureSchemathesis } from "./support/schemathesis.js";
import { LANES, LANES_AT_ONCE, laneOf, UNIT, type Lane } from "./support/lanes.js";
import { vitestRun, type Tally } from "./support/vitestRun.js";

/** The suite that needs schemathesis, installed here once rather than inside its lane. */
const FUZZ_SUITE = "tests/live/fuzz-api.test.ts";

/**
 * `npm test` (or `tsx tests/run.ts <files>` for some): the images, the Pulumi engine and the Kubernetes
 * cluster's binaries first (once, so suites running side by side never race to build them), then the
 * unit and in-process suites, then the engine's Go tests, then the live suites on the local Docker
 * engine: one vitest per lane (tests/support/lanes.ts), two lanes side by side, each running its files
 * one at a time. The shared lane purges the test instance before and after (its global setup). Closing
 * line: totals.
 */
async function main(): Promise<number> {
  const only = process.argv.slice(2);
  const unitFiles = only.filter((f) => !f.startsWith("tests/live/"));
  const liveFiles = only.filter((f) => f.startsWith("tests/live/"));
  const tallies: Tally[] = [];
  say("\n== images (built offline when missing)");
  await ensureImages({ repoRoot: REPO_ROOT });
  say("\n== engine (built from Go modules when missing)");
  say(`✓ engine in ${ensureEngine(REPO_ROOT)}`);
  if (only.length === 0 || liveFiles.some((f) => laneOf(f).cluster)) {
    say("\n== Kubernetes cluster binaries (built from Go modules when missing)");
    say(`✓ cluster binaries in ${await ensureBinaries(REPO_ROOT)}`);
  }
  if (only.length === 0 || liveFiles.includes(FUZZ_SUITE)) {
    say("\n== schemathesis (installed from PyPI when missing)");
    say(`✓ schemathesis: ${(await ensureSchemathesis(REPO_ROOT)).join(" ")}`);
  }
  if (only.length === 0 || unitFiles.length > 0) {
    say(`\n== unit and in-process suites (vitest project ${UNIT.name})`);
    tallies.push(await vitestRun(UNIT.name, unitFiles, true));
  }
  // After the unit suite, not beside it: on 2 cores side by side cost the unit suite more than it saved (CI, 259 s against 195 + 30).
  if (only.length === 0) tallies.push(await goTally());
  if (only.length === 0 || liveFiles.length > 0)
    tallies.push(...(await liveLanes(only.length === 0 ? undefined : liveFiles)));
  return close(tallies);
}

/** Runs `work` on each item, at most `limit` at once, started in order; results in the items' order. */
async function pooled<T, R>(items: T[], limit: number, work: (item: T, index: number) => Promise<R>): Promise<R[]> {
  const results: R[] = [];
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      results[i] = await work(items[i]!, i);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}

/** The lanes, LANES_AT_ONCE side by side; the first streams its report, the others print theirs whole when they end. `files` undefined: all. */
async function liveLanes(files: string[] | undefined): Promise<Tally[]> {
  const picked = LANES.map((lane) => ({ lane, files: files?.filter((f) => laneOf(f) === lane) ?? [] })).filter(
    (l) => files === undefined || l.files.length > 0,
  );
  say(
    `\n== live suites on the local Docker engine (${picked.map((l) => l.lane.name).join(", ")}; instance ${TEST_INSTANCE})`,
  );
  const tallies = await pooled(picked, LANES_AT_ONCE, (l, i) => vitestRun(l.lane.name, l.files, i === 0));
  picked.forEach((l, i) => {
    if (i === 0) return;
    say(`\n== live: ${laneTitle(l.lane)}, run beside another lane`);
    process.stdout.write(tallies[i]!.held);
  });
  return tallies;
}

const laneTitle = (lane: Lane): string => `${lane.name}: ${lane.title}`;

async function goTally(): Promise<Tally> {
  say("\n== the engine's Go tests (language host, command, docker and kubernetes providers)");
  const started = Date.now();
  const go = await engineGoTests(REPO_ROOT);
  const failed = go.fail > 0 || go.code !== 0;
  return {
    pass: go.pass,
    fail: go.fail,
    code: go.code,
    held: "",
    label: "go test (engine)",
    wallMs: Date.now() - started,
    failures: failed ? [`✖ the engine's Go tests: ${go.fail} failed (exit ${go.code}); their report is above`] : [],
  };
}

/** Where the time went, for whoever keeps the suite under its budget: each run's wall time and its slowest files. */
function timeReport(tallies: Tally[]): string {
  const s = (ms: number) => `${(ms / 1000).toFixed(0)} s`;
  const slowest = (t: Tally) =>
    t.files?.length
      ? `; slowest: ${t.files
          .slice(0, SLOWEST)
          .map((f) => `${f.name} ${s(f.ms)}`)
          .join(", ")}`
      : "";
  const lines = tallies.map((t) => `${t.label}: ${s(t.wallMs)}${slowest(t)}`);
  return `== time per run (the whole of npm test: ${s(process.uptime() * 1000)})\n${lines.join("\n")}\n`;
}

const SLOWEST = 6;

function close(tallies: Tally[]): number {
  const pass = tallies.reduce((n, t) => n + t.pass, 0);
  // A run that exited non-zero without reporting a failure (a crash, a failed hook or setup) still counts as one.
  const fail = tallies.reduce((n, t) => n + t.fail + (t.code !== 0 && t.fail === 0 ? 1 : 0), 0);
  process.stdout.write(`\n${timeReport(tallies)}`);
  const details = tallies.flatMap((t) => t.failures);
  if (details.length > 0) process.stdout.write(`\n== the failures again, in full\n${details.join("\n")}\n`);
  process.stdout.write(`\ntests: ${pass} passed, ${fail} failed\n`);
  return fail > 0 || tallies.some((t) => t.code !== 0) || pass === 0 ? 1 : 0;
}

process.exitCode = await main();
