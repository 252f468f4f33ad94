import { test } from "vitest";
import assert from "node:assert/strict";
import { ancestorManifests } from "./workerBuild.js";

test("the worker may read every ancestor package.json the ESM loader looks up, and nothing else", () => {
  assert.deepEqual(ancestorManifests("/app/dist/src/sandbox/worker"), [
    "/app/dist/src/sandbox/package.json",
    "/app/dist/src/package.json",
    "/app/dist/package.json",
    "/app/package.json",
    "/package.json",
  ]);
});
