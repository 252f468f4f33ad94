import { test } from "vitest";
import assert from "node:assert/strict";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { RunbookError } from "../cli/errors.js";
import { planDeploy } from "../plan/deploy.js";
import { V1, V2, observed, warm } from "../plan/fixture.js";
import { DEFAULT_PLAN_OPTIONS } from "../plan/types.js";
import { releaseEntry } from "./entry.js";
import { appendRelease, readReleases } from "./log.js";

const meta = {
  time: "2025-01-01T00:00:00.000Z",
  operator: "ops",
  host: "h",
  stack: "local",
  instance: "citest",
  durationMs: 1234.6,
};
const plan = planDeploy(observed({ blue: warm("blue", V1), green: warm("green", V1) }), V2, DEFAULT_PLAN_OPTIONS);

test("success records the new images; direction and duration as run", () => {
  assert.deepEqual(releaseEntry(plan, { outcome: "success" }, meta), {
    ...meta,
    durationMs: 1235,
    command: "deploy",
    from: "blue",
    to: "green",
    image: V2,
    images: { blue: V1, green: V2 },
    outcome: "success",
  });
});

test("a rollback records the images from before and the reason, on one line", () => {
  const error = new RunbookError("VERIFY_FAILED", "verification through the proxy failed:\n  3× 503");
  const entry = releaseEntry(plan, { outcome: "rolled-back", error }, meta);
  assert.deepEqual(entry.images, { blue: V1, green: V1 });
  assert.equal(entry.error, "[VERIFY_FAILED] verification through the proxy failed: 3× 503");
});

test("the log appends whole lines and reads them back oldest first", () => {
  const file = join(mkdtempSync(join(tmpdir(), "releases-")), "releases.jsonl");
  assert.deepEqual(readReleases(file), []);
  const first = releaseEntry(plan, { outcome: "success" }, meta);
  const second = releaseEntry(plan, { outcome: "aborted" }, { ...meta, time: "2025-01-02T00:00:00.000Z" });
  appendRelease(file, first);
  appendRelease(file, second);
  assert.equal(readFileSync(file, "utf8").split("\n").length, 3);
  assert.deepEqual(readReleases(file), [first, second]);
});

test("a damaged line is an error naming the file and line", () => {
  const file = join(mkdtempSync(join(tmpdir(), "releases-")), "releases.jsonl");
  writeFileSync(file, `${JSON.stringify(releaseEntry(plan, { outcome: "success" }, meta))}\n{"time":\n`);
  assert.throws(
    () => readReleases(file),
    (e: unknown) =>
      e instanceof RunbookError &&
      e.code === "RELEASE_LOG_INVALID" &&
      e.message.startsWith(`${file}:2: not a release entry (not JSON)`),
  );
});
