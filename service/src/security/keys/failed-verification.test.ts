import assert from "node:assert/strict";
import { afterAll, beforeAll, describe, it } from "vitest";
import { openSecuredApp, type SecuredApp } from "../test-helpers/secured-app.js";
import { awayFromWindowEdge } from "../test-helpers/window-edge.js";

const BUDGET = 3;
const ATTACKER = "198.51.100.66";
let api: SecuredApp;
beforeAll(async () => {
  api = await openSecuredApp("failedverify", { AUTH_FAILURES_PER_KEY_ADDRESS_PER_MINUTE: String(BUDGET) });
});
afterAll(() => api.drop());

function get(app: SecuredApp, remoteAddress: string, key: string) {
  return app.app.inject({ method: "GET", url: "/admin/keys", remoteAddress, headers: { "x-api-key": key } });
}

/** scrypt runs so far by outcome, from api_key_verifications_total: authentication's CPU as a count. */
async function scryptRuns(app: SecuredApp): Promise<{ match: number; mismatch: number }> {
  const values = (await app.metrics.registry.getSingleMetric("api_key_verifications_total")!.get()).values;
  const of = (outcome: string) => values.find((v) => v.labels.outcome === outcome)?.value ?? 0;
  return { match: of("match"), mismatch: of("mismatch") };
}

/** The admin key's id with a wrong secret: the row exists, so each try would cost one scrypt. */
const wrongSecret = () =>
  `${api.keys.admin.slice(0, 17)}${api.keys.admin.endsWith("A") ? "B".repeat(43) : "A".repeat(43)}`;

describe("the failed-verification budget per key id and address", () => {
  it("runs at most the budgeted scrypt verifications for N wrong secrets, then answers 429 AUTH_ATTEMPTS_EXCEEDED without scrypt", async () => {
    await awayFromWindowEdge();
    const answers = [];
    for (let i = 0; i < 50; i += 1) answers.push(await get(api, ATTACKER, wrongSecret()));
    assert.deepEqual(
      answers.slice(0, 4).map((a) => [a.statusCode, a.json().code]),
      [
        [401, "AUTH_INVALID"],
        [401, "AUTH_INVALID"],
        [401, "AUTH_INVALID"],
        [429, "AUTH_ATTEMPTS_EXCEEDED"],
      ],
    );
    assert.equal(answers.filter((a) => a.statusCode === 429).length, 47);
    assert.ok(Number(answers.at(-1)!.headers["retry-after"]) >= 1);
    assert.deepEqual(await scryptRuns(api), { match: 0, mismatch: BUDGET });
  });

  it("holds the bound when distinct guesses arrive at once", async () => {
    await awayFromWindowEdge();
    const before = await scryptRuns(api);
    const guess = (i: number) => `${api.keys.admin.slice(0, 17)}${"Z".repeat(40)}${String(i).padStart(3, "0")}`;
    const answers = await Promise.all(Array.from({ length: 30 }, (_, i) => get(api, "198.51.100.67", guess(i))));
    assert.equal(answers.filter((a) => a.statusCode === 401).length, BUDGET);
    assert.equal((await scryptRuns(api)).mismatch - before.mismatch, BUDGET);
  });

  it("locks the right key out at the attacker's address only: elsewhere it works, and once verified it works there too", async () => {
    // Its own address and its own spent budget, in one window: the first test's may have rolled over since.
    const attacker = "198.51.100.69";
    await awayFromWindowEdge();
    for (let i = 0; i < BUDGET; i += 1) assert.equal((await get(api, attacker, wrongSecret())).statusCode, 401);
    const before = await scryptRuns(api);
    assert.equal(
      (await get(api, attacker, api.keys.admin)).json().code,
      "AUTH_ATTEMPTS_EXCEEDED",
      "same (key id, address): refused unverified",
    );
    assert.equal((await get(api, "203.0.113.5", api.keys.admin)).statusCode, 200, "the owner elsewhere is served");
    assert.equal(
      (await get(api, attacker, api.keys.admin)).statusCode,
      200,
      "a verified key is answered from the cache",
    );
    assert.deepEqual(await scryptRuns(api), { match: before.match + 1, mismatch: before.mismatch });
  });

  it("counts unknown ids and keys of no known format alike, so a 429 says nothing about which ids exist", async () => {
    await awayFromWindowEdge();
    const codes = [];
    for (const key of ["vsk_000000000000_" + "a".repeat(43), "x".repeat(40)]) {
      for (let i = 0; i <= BUDGET; i += 1) codes.push((await get(api, "198.51.100.68", key)).json().code);
    }
    assert.deepEqual(codes, [
      ...Array(BUDGET).fill("AUTH_INVALID"),
      "AUTH_ATTEMPTS_EXCEEDED",
      ...Array(BUDGET).fill("AUTH_INVALID"),
      "AUTH_ATTEMPTS_EXCEEDED",
    ]);
  });
});

describe("a valid key's requests arriving at once while it is not cached", () => {
  it("share one verification: one scrypt, every request answered, nothing of the owner's budget spent", async () => {
    const fresh = await openSecuredApp("failedverify-herd", { AUTH_FAILURES_PER_KEY_ADDRESS_PER_MINUTE: "1" }, api.db);
    await awayFromWindowEdge();
    const answers = await Promise.all(Array.from({ length: 8 }, () => get(fresh, "203.0.113.7", fresh.keys.admin)));
    assert.deepEqual(
      answers.map((a) => [a.statusCode, a.statusCode === 200 ? "" : a.json().code]),
      Array(8).fill([200, ""]),
    );
    assert.deepEqual(await scryptRuns(fresh), { match: 1, mismatch: 0 });
    await fresh.close();
  });
});

describe("a valid key without the verified cache", () => {
  it("pays one scrypt per request and never uses up its budget: a match refunds the attempt", async () => {
    const uncached = await openSecuredApp(
      "failedverify-nocache",
      { API_KEY_CACHE_TTL_MS: "0", AUTH_FAILURES_PER_KEY_ADDRESS_PER_MINUTE: String(BUDGET) },
      api.db,
    );
    await awayFromWindowEdge();
    const statuses = [];
    for (let i = 0; i < BUDGET * 3; i += 1)
      statuses.push((await get(uncached, "203.0.113.6", uncached.keys.admin)).statusCode);
    assert.deepEqual(statuses, Array(BUDGET * 3).fill(200));
    assert.deepEqual(await scryptRuns(uncached), { match: BUDGET * 3, mismatch: 0 });
    await uncached.close();
  });
});
