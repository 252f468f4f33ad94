import { afterAll, beforeAll, test } from "vitest";
import assert from "node:assert/strict";
import { rmSync } from "node:fs";
import https from "node:https";
import { setTimeout as sleep } from "node:timers/promises";
import { parseStackConfig } from "../../infra/config/load.js";
import { run, succeeds } from "../../infra/exec/run.js";
import { haproxyConfig } from "../../infra/model/haproxy.js";
import { PORTS } from "../../infra/model/ports.js";
import { eventually, inspect } from "../support/docker.js";
import { haproxyWorkdir, type HaproxyWorkdir } from "../support/haproxyWorkdir.js";

/**
 * The proxy finds the api replicas through Docker's DNS (127.0.0.11), which dockerd serves: on a busy
 * host it can stop answering for seconds. The CI of f183ee4 saw 407 of the proxy's own 503s (no
 * colour header, answered in tens of ms: no server left) in about 2 s of a deploy under load, with
 * every api healthy. With `hold timeout 5s` HAProxy put a server into maintenance once its name had
 * not resolved for 5 s. Here a DNS stall of 12 s, made inside the proxy's network namespace (packets to
 * 127.0.0.11 dropped), must not take the live server out: every request through the proxy answers 200.
 */
const STALL_MS = 12_000;
const tag = `haproxy-dns-${process.pid}`;
const [network, backend, proxy] = [tag, `${tag}-api`, `${tag}-proxy`];
let work: HaproxyWorkdir;

// A stand-in for api-blue-1 (the local stack's live server): HAProxy answering 200 to every path.
const BACKEND_CONFIG = `defaults
  mode http
  timeout connect 2s
  timeout client 10s
  timeout server 10s
frontend api
  bind :${PORTS.apiHttp}
  http-request return status 200 content-type text/plain string ok
`;

beforeAll(async () => {
  work = await haproxyWorkdir("haproxy-dns-");
  work.write("proxy.cfg", haproxyConfig(parseStackConfig({ tier: "local" }, "haproxy-dns.test")));
  work.write("backend.cfg", BACKEND_CONFIG);
  await run(["docker", "network", "create", network]);
  const detached = ["docker", "run", "-d", "--rm", "--network", network];
  await run([
    ...detached,
    "--name",
    backend,
    "--network-alias",
    "api-blue-1",
    ...work.mounts("backend.cfg"),
    work.image,
  ]);
  await run(
    [...detached, "--name", proxy, "--tmpfs", "/run/haproxy:mode=0777", "-p", `127.0.0.1::${PORTS.proxyHttps}`].concat([
      ...work.mounts("proxy.cfg"),
      work.image,
    ]),
  );
}, 300_000);

afterAll(async () => {
  await run(["docker", "rm", "-f", proxy, backend]).catch(() => undefined);
  await run(["docker", "network", "rm", network]).catch(() => undefined);
  if (work !== undefined) rmSync(work.dir, { recursive: true, force: true });
});

test("a 12 s stall of Docker's DNS takes no server out: every request through the proxy answers 200", {
  timeout: 120_000,
}, async () => {
  const port = Number((await run(["docker", "port", proxy, `${PORTS.proxyHttps}/tcp`])).trim().split(":").pop());
  await eventually(
    () => status(port),
    (s) => s === 200,
    30_000,
    200,
  );
  assert.equal(await resolves(), true, "api-blue-1 resolves in the proxy before the stall");
  const netns = ["nsenter", "--net", "--target", String((await inspect(proxy)).State.Pid)];
  await run([...netns, "nft", "-f", "-"], { input: STALL_RULES });
  const seen = new Map<number, number>();
  try {
    assert.equal(await resolves(), false, "api-blue-1 still resolves in the proxy: the stall is not real");
    for (const until = Date.now() + STALL_MS; Date.now() < until; await sleep(100)) {
      const s = await status(port);
      seen.set(s, (seen.get(s) ?? 0) + 1);
    }
  } finally {
    await run([...netns, "nft", "delete", "table", "inet", STALL_TABLE]);
  }
  assert.deepEqual(
    [...seen.keys()],
    [200],
    `statuses through the proxy during the stall: ${JSON.stringify([...seen])}`,
  );
});

const STALL_TABLE = "dns_stall";
const STALL_RULES = `table inet ${STALL_TABLE} {
  chain out {
    type filter hook output priority 0;
    ip daddr 127.0.0.11 drop
  }
}
`;

/** Whether api-blue-1 resolves inside the proxy within 3 s (glibc asks 127.0.0.11, as HAProxy does). */
const resolves = () => succeeds(["docker", "exec", proxy, "timeout", "3", "getent", "hosts", "api-blue-1"]);

/** The status of GET /health/ready through the proxy's TLS listener (its throwaway certificate is not checked). */
function status(port: number): Promise<number> {
  return new Promise((resolve) => {
    const req = https.get(
      { host: "127.0.0.1", port, path: "/health/ready", rejectUnauthorized: false, agent: false, timeout: 5_000 },
      (res) => {
        res.resume();
        res.on("end", () => resolve(res.statusCode ?? 0));
      },
    );
    req.on("timeout", () => req.destroy(new Error("timeout")));
    req.on("error", () => resolve(0));
  });
}
