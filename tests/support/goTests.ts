import { spawn } from "node:child_process";
import { join } from "node:path";

/**
 * The engine's own Go tests (engine/<module>: `go test ./...`), counted like the node suites: top-level
 * tests that passed or failed. The docker provider is built without upstream's compose resources
 * (engine/docker/build.sh says why), so its tests use the same tag.
 */
const MODULES: { dir: string; tags?: string }[] = [
  { dir: "langhost" },
  { dir: "command" },
  { dir: "docker", tags: "no_compose" },
];

export interface GoTally {
  pass: number;
  fail: number;
  code: number;
  /** What `go test -v` printed, printed whole once all modules ran. */
  held: string;
}

function goTest(cwd: string, tags?: string): Promise<GoTally> {
  return new Promise((resolve) => {
    const args = ["test", "-count=1", "-v", ...(tags ? ["-tags", tags] : []), "./..."];
    const child = spawn("go", args, { cwd, stdio: ["ignore", "pipe", "pipe"] });
    let out = "";
    child.stdout.on("data", (d: Buffer) => (out += d.toString()));
    child.stderr.on("data", (d: Buffer) => (out += d.toString()));
    child.on("error", (e) =>
      resolve({ pass: 0, fail: 1, code: 1, held: `go test in ${cwd} could not start: ${e.message}\n` }),
    );
    child.on("close", (code) =>
      resolve({
        pass: (out.match(/^--- PASS/gm) ?? []).length,
        fail: (out.match(/^--- FAIL/gm) ?? []).length,
        code: code ?? 1,
        held: out,
      }),
    );
  });
}

export async function engineGoTests(repoRoot: string): Promise<GoTally> {
  const total: GoTally = { pass: 0, fail: 0, code: 0, held: "" };
  for (const m of MODULES) {
    const t = await goTest(join(repoRoot, "engine", m.dir), m.tags);
    total.pass += t.pass;
    total.fail += t.fail;
    total.held += t.held;
    if (t.code !== 0) total.code = t.code;
  }
  return total;
}
