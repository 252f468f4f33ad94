import assert from "node:assert/strict";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, it } from "vitest";
import type { Gauge } from "prom-client";
import { openSecuredApp, type SecuredApp } from "./security/test-helpers/secured-app.js";
import { eventually } from "./test-helpers/eventually.js";
import { postHead, RawClient } from "./test-helpers/raw-client.js";

/**
 * Short deadlines so the suite is quick; the waits below are safety nets, never timing assertions.
 * REQUEST_TIMEOUT_MS (Node's backstop, counted from the first byte) is far above the body deadline,
 * which starts after authentication: a key's first scrypt check can be slow on a busy host.
 */
const LIMITS = {
  MAX_IN_FLIGHT: "4",
  MAX_IN_FLIGHT_PER_CALLER: "2",
  IN_FLIGHT_ADMIN_RESERVE: "1",
  HEADERS_TIMEOUT_MS: "500",
  BODY_TIMEOUT_MS: "500",
  REQUEST_TIMEOUT_MS: "5000",
};
const SAFETY_NET_MS = 10_000;
const SLOW_CLIENTS = 8;

let api: SecuredApp;
let port = 0;
const clients: RawClient[] = [];
beforeAll(async () => {
  api = await openSecuredApp("slow-clients", LIMITS);
  await api.app.listen({ host: "127.0.0.1", port: 0 });
  port = (api.app.server.address() as AddressInfo).port;
  // Boot (migrations, scrypt-hashed keys) can leave event-loop utilisation high for a sample: wait until not shed.
  await eventually(
    async () => (await fetch(`http://127.0.0.1:${port}/admin/keys`, { headers: api.as("admin") })).status === 200,
    SAFETY_NET_MS,
  );
});
afterAll(async () => {
  for (const client of clients) client.destroy();
  await api.drop();
});

async function open(): Promise<RawClient> {
  const client = await RawClient.open(port);
  clients.push(client);
  return client;
}

async function gaugeValue(gauge: Gauge): Promise<number> {
  return (await gauge.get()).values[0]?.value ?? 0;
}

describe("slow clients (real server, raw sockets)", () => {
  it("answers a body shorter than its Content-Length with a coded 408 and closes the socket", async () => {
    const client = await open();
    client.write(`${postHead("/verify/math", api.as("analyst"), 100)}{"claim":`);
    const answer = await client.closedByServer(SAFETY_NET_MS);
    assert.equal(answer.status, 408, answer.raw);
    assert.deepEqual(
      [answer.body?.code, answer.body?.statusCode, typeof answer.body?.requestId],
      ["BODY_TIMEOUT", 408, "string"],
    );
    assert.match(answer.raw, /\r\nconnection: close\r\n/i);
  });

  it("cuts a client that never finishes its headers with a coded 408", async () => {
    const client = await open();
    client.write(`GET /admin/keys HTTP/1.1\r\nhost: 127.0.0.1\r\nx-api-key: ${api.keys.admin}\r\n`);
    const answer = await client.closedByServer(SAFETY_NET_MS);
    assert.equal(answer.status, 408, answer.raw);
    assert.deepEqual([answer.body?.code, answer.body?.statusCode], ["REQUEST_TIMEOUT", 408]);
  });

  it("slow bodies of one key hold no slot: the admin is answered, then each slow request gets its 408", async () => {
    const slow = await Promise.all(Array.from({ length: SLOW_CLIENTS }, () => open()));
    for (const client of slow) client.write(`${postHead("/verify/math", api.as("analyst"), 100)}{"`);
    // Every slow request has reached the app: it is in flight there, or was answered at once.
    const arrived = async () =>
      (await gaugeValue(api.metrics.httpRequestsInFlight)) + slow.filter((c) => c.answered).length;
    await eventually(async () => (await arrived()) >= SLOW_CLIENTS, SAFETY_NET_MS, 20);

    const admin = await fetch(`http://127.0.0.1:${port}/admin/keys`, { headers: api.as("admin") });
    assert.equal(admin.status, 200, await admin.text());
    const answers = await Promise.all(slow.map((client) => client.closedByServer(SAFETY_NET_MS)));
    assert.deepEqual(
      answers.map((answer) => [answer.status, answer.body?.code]),
      slow.map(() => [408, "BODY_TIMEOUT"]),
    );
  });

  it("returns every slot and in-flight count to zero afterwards", async () => {
    await eventually(async () => (await gaugeValue(api.metrics.httpRequestsInFlight)) === 0, SAFETY_NET_MS, 20);
    assert.equal(await gaugeValue(api.metrics.inFlightSlots), 0);
    assert.equal((await fetch(`http://127.0.0.1:${port}/admin/keys`, { headers: api.as("admin") })).status, 200);
  });
});
