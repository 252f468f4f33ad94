import { beforeAll, test } from "vitest";
import assert from "node:assert/strict";
import type { UpResult } from "../../infra/local/up.js";
import { useStack, containerName } from "../support/instance.js";
import { exec } from "../support/docker.js";

let stack: UpResult;
beforeAll(async () => {
  stack = await useStack();
});

/** Runs a job from inside an api container, the only client the sandbox network admits. */
async function job(language: string, code: string, data?: unknown): Promise<{ status: string; result: unknown }> {
  const api = containerName(stack, `api-${stack.model.activeColour}-1`);
  const script =
    `const t=require("fs").readFileSync("/run/secrets/sandbox_token","utf8");` +
    `fetch("http://sandbox:8090/execute",{method:"POST",headers:{authorization:"Bearer "+t,"content-type":"application/json"},` +
    `body:JSON.stringify(${JSON.stringify({ language, code, data })})}).then(r=>r.text()).then(t=>console.log(t))`;
  return JSON.parse(await exec(api, ["node", "-e", script])) as { status: string; result: unknown };
}

test("the containerised sandbox runs Python and JavaScript statistics jobs", async () => {
  const data = { xs: [2, 4, 4, 4, 5, 5, 7, 9] };
  assert.deepEqual(
    await job("python", "import statistics\nstatistics.pstdev(data['xs'])", data).then((r) => [r.status, r.result]),
    ["ok", 2],
  );
  const mean = "data.xs.reduce((a, b) => a + b, 0) / data.xs.length";
  assert.deepEqual(await job("javascript", mean, data).then((r) => [r.status, r.result]), ["ok", 5]);
});

test("the sandbox container has no route to Postgres or Redis, and no Docker socket", async () => {
  const sandbox = containerName(stack, "sandbox");
  const probe = (host: string, port: number) =>
    exec(sandbox, [
      "node",
      "-e",
      `require("net").connect(${port},${JSON.stringify(host)}).on("connect",()=>console.log("connected")).on("error",e=>console.log(e.code)).setTimeout(3000,()=>{console.log("TIMEOUT");process.exit(0)})`,
    ]);
  for (const [host, port] of [
    ["postgres", 5432],
    ["redis", 6379],
  ] as const) {
    assert.notEqual((await probe(host, port)).trim(), "connected", `${host} reachable from the sandbox`);
  }
  await assert.rejects(exec(sandbox, ["test", "-e", "/var/run/docker.sock"]));
});
