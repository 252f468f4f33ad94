import { chmodSync, copyFileSync, existsSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { run } from "../../infra/exec/run.js";
import { ensureImages } from "../../infra/images/build.js";
import { runtimeTag } from "../../infra/images/plan.js";
import { RUNTIMES } from "../../infra/images/specs.js";

/** The promtool unit tests kept beside this file. */
export const PROMTOOL_TESTS = new URL("./verifier.test.yml", import.meta.url).pathname;

export interface PromtoolResult {
  ok: boolean;
  /** promtool's own report (stdout, or the tail of the failure). */
  output: string;
}

/**
 * The image that carries promtool: the prometheus runtime (it depends on no app code, so it is found
 * without compiling the service); built through the image builder when missing.
 */
export async function promtoolImage(repoRoot: string): Promise<string> {
  const runtime = RUNTIMES.find((r) => r.name === "prometheus");
  if (runtime === undefined) throw new Error("infra/images/specs.ts: no prometheus runtime, so no promtool image");
  const tag = runtimeTag(runtime, {});
  const present = await run(["docker", "images", "-q", tag]);
  return present.trim() !== "" ? tag : (await ensureImages({ repoRoot })).prometheus;
}

/** `promtool test rules` on the given rules text and test file, inside a throwaway container. */
export async function testRules(image: string, rulesYaml: string, testsFile = PROMTOOL_TESTS): Promise<PromtoolResult> {
  if (!existsSync(testsFile)) throw new Error(`promtool tests file ${testsFile} does not exist`);
  const dir = mkdtempSync(join(tmpdir(), "verifier-promtool-"));
  try {
    writeFileSync(join(dir, "alerts.yml"), rulesYaml);
    copyFileSync(testsFile, join(dir, "tests.yml"));
    // The image runs as 65534: the bind-mounted files must be world-readable.
    for (const [p, mode] of [
      [dir, 0o755],
      [join(dir, "alerts.yml"), 0o644],
      [join(dir, "tests.yml"), 0o644],
    ] as const)
      chmodSync(p, mode);
    const argv = [
      "docker",
      "run",
      "--rm",
      "--network",
      "none",
      "--entrypoint",
      "promtool",
      "-v",
      `${dir}:/t:ro`,
      image,
      "test",
      "rules",
      "/t/tests.yml",
    ];
    return await promtool(argv);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Runs promtool; a failed test run is an answer (ok false, its whole report), a missing docker is not. */
async function promtool(argv: string[]): Promise<PromtoolResult> {
  const [cmd, ...args] = argv as [string, ...string[]];
  try {
    const { stdout } = await promisify(execFile)(cmd, args, { timeout: 60_000 });
    return { ok: true, output: stdout };
  } catch (e) {
    const failed = e as { code?: unknown; stdout?: string; stderr?: string };
    if (typeof failed.code !== "number") throw e;
    return { ok: false, output: `${failed.stdout ?? ""}${failed.stderr ?? ""}` };
  }
}
