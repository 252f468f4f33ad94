import { spawn, spawnSync } from "node:child_process";
import { join } from "node:path";

/**
 * The engine's own Go tests (engine/<module>: the packages that have tests), counted like the node suites:
 * top-level tests that passed or failed. Each module's tests compile as its build.sh compiles it (the
 * same -trimpath, cgo setting and tags: the docker provider is built without upstream's compose resources,
 * engine/docker/build.sh says why), so the packages the engine's build compiled come from Go's build cache;
 * with other flags, and with the provider mains that have no tests, a fresh machine recompiled the
 * Kubernetes and Docker providers' whole dependency trees for minutes. The mains are built by build.sh.
 */
const MODULES: { dir: string; tags?: string; cgo: boolean }[] = [
  { dir: "langhost", cgo: false },
  { dir: "command", cgo: false },
  { dir: "docker", tags: "no_compose", cgo: true },
  { dir: "kubernetes", cgo: false },
];

export interface GoTally {
  pass: number;
  fail: number;
  code: number;
}

/** The module's packages that have test files (`go list`, which loads packages without compiling them). */
function testedPackages(cwd: string, flags: string[], env: NodeJS.ProcessEnv): string[] {
  const listed = spawnSync(
    "go",
    ["list", ...flags, "-f", "{{if or .TestGoFiles .XTestGoFiles}}{{.ImportPath}}{{end}}", "./..."],
    { cwd, env, encoding: "utf8" },
  );
  if (listed.status !== 0) throw new Error(`go list in ${cwd} failed (${listed.status}): ${listed.stderr.trim()}`);
  return listed.stdout.split("\n").filter((l) => l.trim() !== "");
}

function goTest(cwd: string, tags: string | undefined, cgo: boolean): Promise<GoTally> {
  const flags = ["-trimpath", ...(tags ? ["-tags", tags] : [])];
  const env = { ...process.env, CGO_ENABLED: cgo ? "1" : "0" };
  return new Promise((resolve) => {
    let packages: string[];
    try {
      packages = testedPackages(cwd, flags, env);
    } catch (e) {
      process.stdout.write(`${(e as Error).message}\n`);
      return resolve({ pass: 0, fail: 1, code: 1 });
    }
    const args = ["test", "-count=1", "-v", ...flags, ...packages];
    const child = spawn("go", args, { cwd, env, stdio: ["ignore", "pipe", "inherit"] });
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
    const t = await goTest(join(repoRoot, "engine", m.dir), m.tags, m.cgo);
    total.pass += t.pass;
    total.fail += t.fail;
    if (t.code !== 0) total.code = t.code;
  }
  return total;
}
