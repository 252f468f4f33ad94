import { copyFileSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { run } from "../infra/exec/run.js";

/** Test releases built FROM a real api image: each is a distinct image (own id and tag), none is pulled. */
export type TestRelease = "next" | "never-ready" | "overloaded";

const FAULT = fileURLToPath(new URL("./bluegreen-fault.mjs", import.meta.url));

function dockerfile(base: string, kind: TestRelease): string {
  const lines = [`FROM ${base}`, `LABEL verifier.test.release="${kind}" verifier.test.base="${base}"`];
  if (kind === "next") return `${lines.join("\n")}\n`;
  return [
    ...lines,
    "COPY fault.mjs /opt/fault/fault.mjs",
    `ENV NODE_OPTIONS=--import=/opt/fault/fault.mjs FAULT_MODE=${kind}`,
    "",
  ].join("\n");
}

/** Builds (classic builder: local images only) and returns the tag, e.g. verifier/api-test:next-<base tag>. */
export async function buildTestRelease(base: string, kind: TestRelease): Promise<string> {
  const tag = `verifier/api-test:${kind}-${base.split(":").at(-1)?.slice(0, 16) ?? "latest"}`;
  const ctx = mkdtempSync(join(tmpdir(), "bluegreen-image-"));
  try {
    writeFileSync(join(ctx, "Dockerfile"), dockerfile(base, kind));
    if (kind !== "next") copyFileSync(FAULT, join(ctx, "fault.mjs"));
    await run(["docker", "build", "--quiet", "--tag", tag, ctx], {
      env: { ...process.env, DOCKER_BUILDKIT: "0" },
      timeoutMs: 120_000,
    });
    return tag;
  } finally {
    rmSync(ctx, { recursive: true, force: true });
  }
}

/** Removes test releases no container uses; an image still in use (e.g. declared for a colour) is kept. */
export async function removeTestReleases(tags: string[]): Promise<void> {
  for (const tag of tags) await run(["docker", "rmi", tag]).catch(() => undefined);
}
