import { beforeAll, test } from "vitest";
import assert from "node:assert/strict";
import type { UpResult } from "../../infra/local/up.js";
import { httpsRequest } from "../../infra/local/https.js";
import { run } from "../../infra/exec/run.js";
import { useStack, containerName } from "../support/instance.js";
import { eventually, inspect } from "../support/docker.js";

let stack: UpResult;
beforeAll(async () => {
  stack = await useStack();
});

const readyStatus = async (): Promise<number> => {
  try {
    return (await httpsRequest(`${stack.url}/health/ready`, { caFile: stack.caFile, timeoutMs: 5000 })).status;
  } catch {
    return 0;
  }
};

test("killing Postgres makes /health/ready 503; it returns to 200 when Postgres is back, with no api restart", async () => {
  const api = containerName(stack, `api-${stack.model.activeColour}-1`);
  const pidBefore = (await inspect(api)).State.Pid;
  const postgres = containerName(stack, "postgres");
  await run(["docker", "kill", "--signal", "KILL", postgres]);
  try {
    assert.equal(await eventually(readyStatus, (s) => s === 503, 20_000), 503);
  } finally {
    await eventually(
      async () => (await inspect(postgres)).State.Status,
      (s) => s === "running",
      5000,
    ).then((s) => (s === "running" ? undefined : run(["docker", "start", postgres])));
  }
  assert.equal(await eventually(readyStatus, (s) => s === 200, 60_000), 200);
  assert.equal((await inspect(api)).State.Pid, pidBefore, "the api process was not restarted");
});
