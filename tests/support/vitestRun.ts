import { spawn } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { dirname, join, relative } from "node:path";
import type { JsonTestResults } from "vitest/reporters";
import { REPO_ROOT, TEST_INSTANCE } from "./instance.js";
import { UNIT } from "./lanes.js";

/** One vitest run's outcome, as `npm test` totals it. */
export interface Tally {
  pass: number;
  fail: number;
  code: number;
  /** Each failure named with its error, repeated at the very end where a log's tail shows it. */
  failures: string[];
  /** The run's whole report when it was held back (a lane running beside another); "" when streamed. */
  held: string;
  /** What the run was (a vitest project's name, or the Go tests) and how long it took, ms. */
  label: string;
  wallMs: number;
  /** Each file's time, ms (its start to its end, hooks included), slowest first. */
  files?: { name: string; ms: number }[];
}

/** Enough of each failure's error to see what broke, without flooding the log. */
const LINES_PER_FAILURE = 40;
const VITEST = join(dirname(createRequire(import.meta.url).resolve("vitest/package.json")), "vitest.mjs");

/**
 * Runs one vitest project (all its files, or the given ones) with the verbose reporter for the log and
 * the JSON reporter for the totals. `stream` writes the report as it comes; otherwise it is held and
 * returned, so lanes running side by side never interleave their lines.
 */
export function vitestRun(project: string, files: string[], stream: boolean): Promise<Tally> {
  const dir = mkdtempSync(join(tmpdir(), "verifier-vitest-"));
  const report = join(dir, "report.json");
  const args = [
    VITEST,
    "run",
    "--project",
    project,
    "--reporter=verbose",
    "--reporter=json",
    `--outputFile.json=${report}`,
    ...files,
  ];
  const started = Date.now();
  return new Promise((resolve) => {
    const child = spawn(process.execPath, args, {
      cwd: REPO_ROOT,
      stdio: ["ignore", "pipe", "pipe"],
      env: { ...process.env, VERIFIER_TEST_INSTANCE: TEST_INSTANCE, NO_COLOR: "1" },
    });
    const held: string[] = [];
    const take = (d: Buffer) => (stream ? process.stdout.write(d) : held.push(d.toString()));
    child.stdout.on("data", take);
    child.stderr.on("data", take);
    child.on("close", (code) => {
      const tally = {
        ...totals(project, report, started),
        held: held.join(""),
        code: code ?? 1,
        label: project,
        wallMs: Date.now() - started,
      };
      rmSync(dir, { recursive: true, force: true });
      resolve(tally);
    });
  });
}

/**
 * Each file's time, slowest first. vitest's own start and end leave out a file's hooks (a `beforeAll`
 * that applies a stack), so in a lane, whose files run one after another, a file's time is from the end
 * of the one before it (the first's from the run's start: the lane's global setup counts with it).
 */
function fileTimes(json: JsonTestResults, started: number, sequential: boolean): { name: string; ms: number }[] {
  const byEnd = [...json.testResults].sort((a, b) => a.endTime - b.endTime);
  return byEnd
    .map((f, i) => ({
      name: relative(REPO_ROOT, f.name),
      ms: sequential ? f.endTime - (i === 0 ? started : byEnd[i - 1]!.endTime) : f.endTime - f.startTime,
    }))
    .sort((a, b) => b.ms - a.ms);
}

function totals(project: string, report: string, started: number): Omit<Tally, "held" | "code" | "label" | "wallMs"> {
  if (!existsSync(report))
    return {
      files: [],
      pass: 0,
      fail: 1,
      failures: [`✖ vitest (project ${project}) wrote no report: it stopped before the end; its output above says why`],
    };
  const json = JSON.parse(readFileSync(report, "utf8")) as JsonTestResults;
  const failures: string[] = [];
  for (const file of json.testResults) {
    const name = relative(REPO_ROOT, file.name);
    if (file.message) failures.push(`✖ ${name}\n${clip(file.message)}`);
    for (const a of file.assertionResults) {
      if (a.status === "failed")
        failures.push(`✖ ${name} > ${a.fullName}\n${clip((a.failureMessages ?? []).join("\n"))}`);
    }
  }
  // No test may be skipped and counted as done: a skipped or todo test fails the run.
  const skipped = json.numPendingTests + json.numTodoTests;
  if (skipped > 0) failures.push(`✖ ${skipped} test(s) skipped or todo in project ${project}: every test must run`);
  const files = fileTimes(json, started, project !== UNIT.name);
  return { pass: json.numPassedTests, fail: json.numFailedTests + (skipped > 0 ? 1 : 0), failures, files };
}

/** The error without the runner's own stack frames, cut to a readable length. */
function clip(text: string): string {
  const lines = text.split("\n").filter((l) => !/^\s+at .*node_modules\//.test(l) && !/^\s+at new Promise/.test(l));
  return lines
    .slice(0, LINES_PER_FAILURE)
    .map((l) => `  ${l}`)
    .join("\n");
}
