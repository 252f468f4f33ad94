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
  { dir: "kubernetes" },
];

export interface GoTally {
  pass: number;
  fail: number;
  code: number;
}

function goTest(cwd: string, tags?: string): Promise<GoTally> {
  return new Promise((resolve) => {
    const args = ["test", "-count=1", "-v", ...(tags ? ["-tags", tags] : []), "./..."];
    const child = spawn("go", args, { cwd, stdio: ["ignore", "pipe", "inherit"] });
    let out = "";
    child.stdout.on("data", (d: Buffer) => {
      process.stdout.write(d);
      out += d.toString();
    });
    child.on("error", (e) => {
      process.stdout.write(`go test in ${cwd} could not start: ${e.message}\n`);
      resolve({ pass: 0, fail: 1, code: 1 });
    });
    child.on("close", (code) =>
      resolve({
        pass: (out.match(/^--- PASS/gm) ?? []).length,
        fail: (out.match(/^--- FAIL/gm) ?? []).length,
        code: code ?? 1,
      }),
    );
  });
}

export async function engineGoTests(repoRoot: string): Promise<GoTally> {
  const total: GoTally = { pass: 0, fail: 0, code: 0 };
  for (const m of MODULES) {
    const t = await goTest(join(repoRoot, "engine", m.dir), m.tags);
    total.pass += t.pass;
    total.fail += t.fail;
    if (t.code !== 0) total.code = t.code;
  }
  return total;
}
