import { readdirSync, statSync, existsSync } from "node:fs";
import { join, relative } from "node:path";
import { ensureEngine } from "../infra/automation/engine.js";
import { ensureImages } from "../infra/images/build.js";
import { down } from "../infra/local/down.js";
import { say } from "../infra/exec/progress.js";
import { engineGoTests } from "./support/goTests.js";
import { REPO_ROOT, TEST_INSTANCE } from "./support/instance.js";
import { nodeTest, type Tally } from "./support/nodeTest.js";

/**
 * `npm test`: the images and the Pulumi engine first (once, so suites running side by side never race to build them), then
 * the unit and in-process suites (host Postgres and Redis, throwaway containers), then the live suites
 * against a real instance on the local Docker engine, one file at a time in each of three lanes (some stop containers). The
 * test instance is purged at the end whatever happened. Closing line: totals.
 */
const UNIT = ["infra", "runbooks", "tests/unit", "service/src", "bench"];
const LIVE = ["tests/live"];

/** Every *.test.ts under the given directories (Node 20 has no fs.glob). */
function files(dirs: string[]): string[] {
  const walk = (dir: string): string[] =>
    readdirSync(dir).flatMap((name) => {
      const path = join(dir, name);
      if (name === "node_modules" || name === "dist") return [];
      return statSync(path).isDirectory() ? walk(path) : name.endsWith(".test.ts") ? [relative(REPO_ROOT, path)] : [];
    });
  return dirs.map((d) => join(REPO_ROOT, d)).filter((d) => existsSync(d)).flatMap(walk).sort();
}

/**
 * Live files run one at a time within a lane, and the lanes side by side: each lane's files share
 * nothing with another lane's (instance, Compose project, Pulumi stack, ports, Docker names), and most
 * of their time is spent waiting on containers and the engine. The first lane streams its report; the
 * others are held and printed whole when they end, so no two reports interleave.
 */
const LANES: { name: string; owns: (file: string) => boolean }[] = [
  // The policy stack (refused by the engine, nothing created) runs in the shared lane, which ends sooner.
  { name: "stacks the Pulumi engine applies (own projects, stacks and ports)", owns: (f) => /^tests\/live\/pulumi-(stack|runbooks)\.test\.ts$/.test(f) },
  // The prod-shaped Pulumi stack rides with the drills: the lane above had grown to the suite's longest.
  {
    name: "backup drills, point-in-time restore and the prod-shaped Pulumi stack (own instances, stacks and ports)",
    owns: (f) => /^tests\/live\/(drill|drill-wal|pitr|pulumi-prod-docker)\.test\.ts$/.test(f),
  },
];

async function liveLanes(live: string[]): Promise<Tally[]> {
  const held = LANES.map((l) => ({ ...l, files: live.filter(l.owns) }));
  const shared = live.filter((f) => !LANES.some((l) => l.owns(f)));
  // An empty list would make `node --test` look for test files itself: a lane with nothing to run is not started.
  const lane = (list: string[], stream: boolean) => (list.length > 0 ? nodeTest(list, 1, stream) : Promise.resolve(undefined));
  const tallies = await Promise.all([lane(shared, true), ...held.map((l) => lane(l.files, false))]);
  held.forEach((l, i) => {
    const tally = tallies[i + 1];
    if (tally === undefined) return;
    say(`\n== live: ${l.name}, ${l.files.length} files, run beside the shared instance's suites`);
    process.stdout.write(tally.held);
  });
  return tallies.filter((t): t is Tally => t !== undefined);
}

async function main(): Promise<number> {
  const only = process.argv.slice(2);
  const unit = only.length > 0 ? only.filter((f) => !f.startsWith("tests/live/")) : files(UNIT);
  const live = only.length > 0 ? only.filter((f) => f.startsWith("tests/live/")) : files(LIVE);
  const tallies: Tally[] = [];
  // Once, before any suite: suites in parallel would otherwise race to build the same images.
  say("\n== images (built offline when missing)");
  await ensureImages({ repoRoot: REPO_ROOT });
  // The Pulumi engine (CLI, language host, providers) from Go modules, once, before the suites that apply stacks.
  say("\n== engine (built from Go modules when missing)");
  say(`✓ engine in ${ensureEngine(REPO_ROOT)}`);
  // The engine's Go tests run beside the unit suite (their report is held and printed after it).
  const goTests = only.length === 0 ? engineGoTests(REPO_ROOT) : undefined;
  if (unit.length > 0) {
    say(`\n== unit and in-process suites (${unit.length} files)`);
    tallies.push(await nodeTest(unit, 2));
  }
  if (goTests !== undefined) {
    const go = await goTests;
    say("\n== the engine's Go tests (language host, command and docker providers), run beside the unit suite");
    process.stdout.write(go.held);
    tallies.push({ failures: go.fail > 0 || go.code !== 0 ? [`the engine's Go tests: ${go.fail} failed (exit ${go.code}); their report is above`] : [], held: "", pass: go.pass, fail: go.fail, code: go.code });
  }
  if (live.length > 0) {
    say(`\n== live suites on the local Docker engine (${live.length} files, instance ${TEST_INSTANCE})`);
    // Start from nothing: an instance left by an earlier checkout would keep volumes made with other secrets.
    await down({ repoRoot: REPO_ROOT, instance: TEST_INSTANCE, purge: true });
    try {
      tallies.push(...(await liveLanes(live)));
    } finally {
      await down({ repoRoot: REPO_ROOT, instance: TEST_INSTANCE, purge: true }).catch((e: Error) => say(`cleanup failed: ${e.message}`));
    }
  }
  const pass = tallies.reduce((n, t) => n + t.pass, 0);
  // A suite that exited non-zero without reporting a failure (a crash, a failed hook) still counts as one.
  const fail = tallies.reduce((n, t) => n + t.fail + (t.code !== 0 && t.fail === 0 ? 1 : 0), 0);
  const failedRun = tallies.some((t) => t.code !== 0);
  const details = tallies.flatMap((t) => t.failures);
  if (details.length > 0) process.stdout.write(`\n== the failures again, in full\n${details.join("\n")}\n`);
  process.stdout.write(`\ntests: ${pass} passed, ${fail} failed\n`);
  return fail > 0 || failedRun || pass === 0 ? 1 : 0;
}

process.exitCode = await main();
