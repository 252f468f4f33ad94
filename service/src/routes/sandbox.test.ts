import assert from "node:assert/strict";
import { afterAll, beforeAll, describe, it } from "vitest";
import { startFakeSandbox, type FakeSandbox } from "../security/test-helpers/fake-sandbox.js";
import { migratedDatabase, openSecuredApp, type SecuredApp } from "../security/test-helpers/secured-app.js";
import type { ThrowawayDatabase } from "../test-helpers/throwaway-database.js";
import { eventually } from "../test-helpers/eventually.js";
import { freePort } from "../test-helpers/ports.js";

const TOKEN = "sandbox-token-0123456789";
const JOB = { language: "python", code: "sum(data['v'])", data: { v: [1, 2, 3] } };
const CODE_CLAIM = {
  data: { v: [1, 2, 3] },
  claim: { language: "python", code: "return sum(data['v'])", expected: 6 },
};
const RESULT = { status: "ok", result: 6, stdout: "", duration_ms: 3 };

let db: ThrowawayDatabase;
let fake: FakeSandbox;
const apps: SecuredApp[] = [];
beforeAll(async () => {
  db = await migratedDatabase("sandbox");
  fake = await startFakeSandbox(RESULT);
});
afterAll(async () => {
  for (const app of apps) await app.close();
  await fake.close();
  await db.drop();
});

async function open(env: Record<string, string>): Promise<SecuredApp> {
  const app = await openSecuredApp("sandbox", env, db);
  apps.push(app);
  return app;
}

function post(app: SecuredApp, url: string, payload: object) {
  return app.app.inject({ method: "POST", url, payload, headers: app.as("operator") });
}

describe("limits", () => {
  it("refuses a limit above the sandbox's configured maximum with 400 naming it, and documents every maximum", async () => {
    const app = await open({ SANDBOX_URL: fake.url, SANDBOX_TOKEN: TOKEN, SANDBOX_MAX_WALL_MS: "3000" });
    const above = await post(app, "/sandbox/execute", { ...JOB, limits: { wall_ms: 3001 } });
    assert.equal(above.statusCode, 400);
    assert.equal(above.json().message, "body/limits/wall_ms must be &lt;= 3000"); // the api HTML-encodes every message
    const at = await post(app, "/sandbox/execute", {
      ...JOB,
      limits: { wall_ms: 3000, memory_mib: 128, output_bytes: 65536 },
    });
    assert.deepEqual([at.statusCode, at.json().status], [200, "EXECUTED"]);
    const document = (await app.app.inject({ method: "GET", url: "/openapi.json" })).json();
    const limits =
      document.paths["/sandbox/execute"].post.requestBody.content["application/json"].schema.properties.limits;
    assert.deepEqual(
      Object.fromEntries(Object.entries(limits.properties).map(([k, v]) => [k, (v as { maximum: number }).maximum])),
      { wall_ms: 3000, memory_mib: 128, output_bytes: 65536 },
    );
  });
});

describe("sandbox unavailable", () => {
  it("answers BLOCKED SANDBOX_UNAVAILABLE on /sandbox/execute and on code claims when SANDBOX_URL is unset", async () => {
    const app = await open({});
    const execute = await post(app, "/sandbox/execute", JOB);
    assert.deepEqual(
      [execute.statusCode, execute.json().status, execute.json().reason],
      [200, "BLOCKED", "SANDBOX_UNAVAILABLE"],
    );
    const claim = await post(app, "/verify/stats", CODE_CLAIM);
    assert.deepEqual(
      [claim.statusCode, claim.json().status, claim.json().reason],
      [200, "BLOCKED", "SANDBOX_UNAVAILABLE"],
    );
  });

  it("answers the same when the sandbox is down, without naming its address", async () => {
    const port = await freePort();
    const app = await open({ SANDBOX_URL: `http://127.0.0.1:${port}`, SANDBOX_TOKEN: TOKEN });
    for (const [url, payload] of [
      ["/sandbox/execute", JOB],
      ["/verify/stats", CODE_CLAIM],
    ] as const) {
      const response = await post(app, url, payload);
      assert.deepEqual([response.statusCode, response.json().reason], [200, "SANDBOX_UNAVAILABLE"], url);
      assert.equal(response.body.includes(String(port)), false, url);
    }
  });
});

describe("input shape", () => {
  it("refuses data nested 10000 deep with 400 INPUT_TOO_DEEP naming the field and the limit", async () => {
    const app = await open({ SANDBOX_URL: fake.url, SANDBOX_TOKEN: TOKEN });
    const before = fake.received.length;
    const payload = `{"language":"python","code":"x","data":${"[".repeat(10_000)}1${"]".repeat(10_000)}}`;
    const response = await app.app.inject({
      method: "POST",
      url: "/sandbox/execute",
      payload,
      headers: { ...app.as("operator"), "content-type": "application/json" },
    });
    assert.deepEqual(
      [response.statusCode, response.json().code, fake.received.length],
      [400, "INPUT_TOO_DEEP", before],
    );
    assert.match(
      response.json().message,
      /^body\/data\/0\/.*nested more than 64 levels deep; allowed: at most 64 levels/,
    );
  });
});

describe("sandbox available", () => {
  it("proxies the job with the shared token and returns the sandbox's result", async () => {
    const app = await open({ SANDBOX_URL: fake.url, SANDBOX_TOKEN: TOKEN });
    const response = await post(app, "/sandbox/execute", JOB);
    assert.deepEqual(response.json(), {
      status: "EXECUTED",
      reason: null,
      message: "the job finished with status ok",
      result: RESULT,
    });
    assert.deepEqual(fake.received.at(-1), { authorization: `Bearer ${TOKEN}`, body: JOB });
  });

  it("verifies a stats claim given as code through the sandbox", async () => {
    const app = await open({ SANDBOX_URL: fake.url, SANDBOX_TOKEN: TOKEN });
    const response = await post(app, "/verify/stats", CODE_CLAIM);
    assert.deepEqual([response.json().status, response.json().evidence.result], ["VERIFIED", 6]);
  });

  it("blocks code over INPUT_MAX_CHARS before it reaches the sandbox", async () => {
    const app = await open({ SANDBOX_URL: fake.url, SANDBOX_TOKEN: TOKEN, INPUT_MAX_CHARS: "10" });
    const before = fake.received.length;
    const response = await post(app, "/sandbox/execute", { language: "python", code: "x = 1\n".repeat(5) });
    assert.deepEqual(
      [response.json().status, response.json().reason, fake.received.length],
      ["BLOCKED", "INPUT_TOO_LONG", before],
    );
    const requestId = String(response.headers["x-request-id"]);
    await eventually(
      async () =>
        (await db.pool.query("SELECT 1 FROM security_events WHERE request_id = $1", [requestId])).rowCount === 1,
      5_000,
    );
    const { rows } = await db.pool.query("SELECT layer, reason FROM security_events WHERE request_id = $1", [
      requestId,
    ]);
    assert.deepEqual(rows, [{ layer: "input_limit", reason: "INPUT_TOO_LONG" }]);
  });
});
