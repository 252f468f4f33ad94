import assert from "node:assert/strict";
import { afterAll, beforeAll, describe, it } from "vitest";
import { isDeepStrictEqual } from "node:util";
import { eventually } from "../test-helpers/eventually.js";
import { openSecuredApp, type SecuredApp } from "./test-helpers/secured-app.js";
import { awayFromWindowEdge } from "./test-helpers/window-edge.js";

const BUDGET = 5;
let api: SecuredApp;
beforeAll(async () => {
  api = await openSecuredApp("addresslimit", { PRE_AUTH_LIMIT_PER_ADDRESS_PER_MINUTE: String(BUDGET) });
});
afterAll(() => api.drop());

function get(app: SecuredApp, remoteAddress: string, headers: Record<string, string> = {}) {
  return app.app.inject({ method: "GET", url: "/admin/keys", remoteAddress, headers });
}

describe("the per-address limit before authentication", () => {
  it("answers 429 ADDRESS_RATE_LIMITED with Retry-After once an address has spent its budget without a key; a valid key elsewhere is served", async () => {
    await awayFromWindowEdge();
    const answers = [];
    for (let i = 0; i < BUDGET + 3; i += 1) answers.push(await get(api, "198.51.100.7"));
    assert.deepEqual(
      answers.map((a) => a.statusCode),
      [401, 401, 401, 401, 401, 429, 429, 429],
    );
    const limited = answers.at(-1)!;
    assert.equal(limited.json().code, "ADDRESS_RATE_LIMITED");
    assert.ok(Number(limited.headers["retry-after"]) >= 1 && Number(limited.headers["retry-after"]) <= 60);
    assert.equal((await get(api, "203.0.113.9", api.as("admin"))).statusCode, 200);
  });

  it("keeps serving a key verified within the cache TTL from a limited address, but verifies no other key there", async () => {
    await awayFromWindowEdge();
    assert.equal((await get(api, "198.51.100.20", api.as("admin"))).statusCode, 200);
    for (let i = 0; i < BUDGET; i += 1) await get(api, "198.51.100.20");
    assert.equal(
      (await get(api, "198.51.100.20", api.as("admin"))).statusCode,
      200,
      "cached: no lookup, no scrypt, not counted",
    );
    assert.equal((await get(api, "198.51.100.20", api.as("operator"))).json().code, "ADDRESS_RATE_LIMITED");
  });

  it("counts IPv6 callers by their /64", async () => {
    await awayFromWindowEdge();
    const statuses = [];
    for (let i = 0; i <= BUDGET; i += 1) statuses.push((await get(api, `2001:db8:7:7::${i + 1}`)).statusCode);
    assert.deepEqual(statuses, [401, 401, 401, 401, 401, 429]);
  });

  it("records every refusal, coalesced per address and route, with its count", async () => {
    const rows = async () =>
      (
        await api.db.pool.query(
          "SELECT type, layer, reason, route, sum(count)::int AS refusals FROM security_events WHERE client_address = $1 GROUP BY 1, 2, 3, 4 ORDER BY 1",
          ["198.51.100.7"],
        )
      ).rows;
    const expected = [
      { type: "AUTH_FAILED", layer: "auth", reason: "AUTH_REQUIRED", route: "GET /admin/keys", refusals: 5 },
      {
        type: "RATE_LIMITED",
        layer: "address_limit",
        reason: "ADDRESS_RATE_LIMITED",
        route: "GET /admin/keys",
        refusals: 3,
      },
    ];
    await eventually(async () => isDeepStrictEqual(await rows(), expected), 5_000).catch(() => undefined);
    assert.deepEqual(await rows(), expected);
  });
});

describe("the client address behind a reverse proxy (TRUST_PROXY)", () => {
  let proxied: SecuredApp;
  beforeAll(async () => {
    proxied = await openSecuredApp(
      "trustproxy",
      { PRE_AUTH_LIMIT_PER_ADDRESS_PER_MINUTE: "2", TRUST_PROXY: "10.0.0.0/8" },
      api.db,
    );
  });
  afterAll(() => proxied.close());

  it("counts the client the trusted proxy names in X-Forwarded-For, so clients behind it do not share one budget", async () => {
    await awayFromWindowEdge();
    const via = (client: string) => get(proxied, "10.0.0.2", { "x-forwarded-for": client });
    const statuses = [
      (await via("192.0.2.1")).statusCode,
      (await via("192.0.2.1")).statusCode,
      (await via("192.0.2.1")).statusCode,
      (await via("192.0.2.2")).statusCode,
    ];
    assert.deepEqual(statuses, [401, 401, 429, 401]);
  });

  it("ignores X-Forwarded-For from any other peer, so a direct caller cannot pick its own bucket", async () => {
    await awayFromWindowEdge();
    const statuses = [];
    for (const spoofed of ["192.0.2.10", "192.0.2.11", "192.0.2.12"])
      statuses.push((await get(proxied, "198.51.100.30", { "x-forwarded-for": spoofed })).statusCode);
    assert.deepEqual(statuses, [401, 401, 429]);
  });
});
