import { createHash } from "node:crypto";
import { cpSync, mkdirSync, readFileSync, rmSync } from "node:fs";
import { homedir } from "node:os";
import { join } from "node:path";
import type { ServiceRole } from "../config/schema.js";
import { run } from "../exec/run.js";
import { say, step } from "../exec/progress.js";
import { ensureAppBundle } from "./app.js";
import { planImages, type BuildStep, type ImagePlan } from "./plan.js";
import { buildRuntime, ensureBase } from "./rootfs.js";
import { IMAGES, RUNTIMES } from "./specs.js";

const FILES_DIR = new URL("./files/", import.meta.url).pathname;

/** Where the base rootfs tarball is kept between clones. Default ~/.cache/verifier-images. */
export const CACHE_DIR =
  process.env.VERIFIER_IMAGE_CACHE ?? join(process.env.XDG_CACHE_HOME ?? join(homedir(), ".cache"), "verifier-images");

export interface BuildOptions {
  repoRoot: string;
}

/** Builds whatever the plan says is missing and returns the tag of every role. */
export async function ensureImages(opts: BuildOptions): Promise<Record<ServiceRole, string>> {
  const buildDir = join(opts.repoRoot, ".build");
  const app = await step("compile the service", () => ensureAppBundle(join(opts.repoRoot, "service"), buildDir));
  const plan = planImages({ scriptHashes: scriptHashes(), appHash: app.hash, existingTags: await existingTags() });
  if (plan.steps.length === 0) {
    say(`✓ images up to date (${IMAGES.length} images, nothing to build)`);
    return plan.tags;
  }
  await execute(plan, app.dir, buildDir);
  return plan.tags;
}

async function execute(plan: ImagePlan, appDir: string, buildDir: string): Promise<void> {
  const total = plan.steps.length;
  const runtimes = plan.steps.filter((s) => s.kind === "runtime");
  if (runtimes.length > 0) {
    const base = await step(`debootstrap base rootfs (cached in ${CACHE_DIR})`, () => ensureBase(CACHE_DIR));
    // Two at a time: apt and dpkg are mostly I/O- and single-core bound.
    // allSettled: a failing build must not abandon its sibling half-way (each cleans up in finally).
    for (let i = 0; i < runtimes.length; i += 2) {
      const pair = runtimes
        .slice(i, i + 2)
        .map((s) => runStep(s, plan.steps.indexOf(s) + 1, total, base, appDir, buildDir));
      const failed = (await Promise.allSettled(pair)).find((r) => r.status === "rejected");
      if (failed) throw failed.reason;
    }
  }
  for (const s of plan.steps.filter((s) => s.kind === "image")) {
    await runStep(s, plan.steps.indexOf(s) + 1, total, "", appDir, buildDir);
  }
}

function runStep(
  s: BuildStep,
  n: number,
  total: number,
  base: string,
  appDir: string,
  buildDir: string,
): Promise<void> {
  if (s.kind === "runtime") {
    return step(`[${n}/${total}] runtime ${s.runtime.name}: ${s.runtime.packages.join(", ")}`, () =>
      buildRuntime(s.runtime, s.tag, base),
    );
  }
  return step(`[${n}/${total}] image ${s.tag}`, () => buildImage(s, appDir, buildDir));
}

async function buildImage(s: Extract<BuildStep, { kind: "image" }>, appDir: string, buildDir: string): Promise<void> {
  if (s.spec.app && s.spec.scripts.length > 0)
    throw new Error(`image ${s.spec.role}: an app image carries no scripts (its context is the app bundle)`);
  const ctx = s.spec.app ? appDir : join(buildDir, "context", s.spec.role);
  if (!s.spec.app) {
    rmSync(ctx, { recursive: true, force: true });
    mkdirSync(join(ctx, "bin"), { recursive: true });
    for (const script of s.spec.scripts) cpSync(join(FILES_DIR, script), join(ctx, "bin", script));
  }
  try {
    // The classic builder resolves FROM against local images only; BuildKit may try a registry.
    const argv = ["docker", "build", "--quiet", "--tag", s.tag, "--file", "-", ctx];
    await run(argv, { env: { ...process.env, DOCKER_BUILDKIT: "0" }, input: s.dockerfile });
  } finally {
    if (!s.spec.app) rmSync(ctx, { recursive: true, force: true });
  }
}

function scriptHashes(): Record<string, string> {
  const names = [...new Set([...IMAGES.flatMap((s) => s.scripts), ...RUNTIMES.flatMap((r) => r.scripts)])];
  return Object.fromEntries(
    names.map((n) => [
      n,
      createHash("sha256")
        .update(readFileSync(join(FILES_DIR, n)))
        .digest("hex"),
    ]),
  );
}

async function existingTags(): Promise<Set<string>> {
  const out = await run(["docker", "image", "ls", "--format", "{{.Repository}}:{{.Tag}}"]);
  return new Set(out.split("\n").filter(Boolean));
}
