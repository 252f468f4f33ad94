import assert from "node:assert/strict";
import { test } from "vitest";
import { setTimeout as sleep } from "node:timers/promises";
import { Cleanup } from "./cleanup.js";

test("steps run newest first, each once, though run is called twice at the same time", async () => {
  const ran: string[] = [];
  const cleanup = new Cleanup();
  for (const name of ["images", "compose", "pulumi"]) cleanup.add(name, async () => (await sleep(5), ran.push(name)));
  await Promise.all([cleanup.run(), cleanup.run()]);
  assert.deepEqual(ran, ["pulumi", "compose", "images"]);
});

test("a failed step is recorded with its label and the steps after it still run", async () => {
  const ran: string[] = [];
  const cleanup = new Cleanup();
  cleanup.add("images", async () => ran.push("images"));
  cleanup.add("stack", async () => {
    throw new Error("docker rm answered 1");
  });
  await cleanup.run();
  assert.deepEqual([ran, cleanup.failures], [["images"], ["stack: docker rm answered 1"]]);
});
