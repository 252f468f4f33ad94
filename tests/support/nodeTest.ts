import { spawn } from "node:child_process";
import { REPO_ROOT, TEST_INSTANCE } from "./instance.js";

/** One `node --test` run's outcome, as `npm test` totals it. */
export interface Tally {
  pass: number;
  fail: number;
  code: number;
  /** The reporter's "failing tests" section, repeated at the very end where a log's tail shows it. */
  failures: string[];
  /** The run's whole report when it was held back (a lane running beside another); "" when streamed. */
  held: string;
}

/** Enough of the failures' details to name each one and its error, without flooding the log. */
const FAILURE_LINES = 200;

/**
 * Runs test files with Node's runner and the spec reporter. `stream` writes the report as it comes;
 * otherwise it is held and returned, so two lanes running side by side never interleave their lines.
 */
export function nodeTest(list: string[], concurrency: number, stream = true): Promise<Tally> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ["--import", "tsx", "--test", `--test-concurrency=${concurrency}`, "--test-reporter=spec", ...list], {
      cwd: REPO_ROOT,
      stdio: ["ignore", "pipe", "inherit"],
      env: { ...process.env, VERIFIER_TEST_INSTANCE: TEST_INSTANCE },
    });
    // The reporter's totals ("ℹ pass N") come before the failures' details, which can be long: the
    // totals are taken from each whole line as it streams, never from a tail of the output.
    const totals = { pass: 0, fail: 0 };
    const failures: string[] = [];
    const held: string[] = [];
    let inFailures = false;
    let partial = "";
    child.stdout.on("data", (d: Buffer) => {
      if (stream) process.stdout.write(d);
      else held.push(d.toString());
      const lines = (partial + d.toString()).split("\n");
      partial = lines.pop() ?? "";
      for (const line of lines) {
        const m = /^ℹ (pass|fail) (\d+)$/.exec(line.trim());
        if (m) totals[m[1] as "pass" | "fail"] = Number(m[2]);
        if (line.includes("failing tests:")) inFailures = true;
        if (inFailures && failures.length < FAILURE_LINES) failures.push(line);
      }
    });
    child.on("close", (code) => resolve({ ...totals, failures, held: held.join(""), code: code ?? 1 }));
  });
}
