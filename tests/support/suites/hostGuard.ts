import { test } from "vitest";
import assert from "node:assert/strict";
import { run } from "../../../infra/exec/run.js";
import { GUARD_MARK, LIST_GUARD_ARGV } from "../../../infra/model/hostGuard.js";
import { inspect, runOn } from "../docker.js";
import type { LiveEnvironment } from "../environment.js";
import { apiImage, connectScript, nodeProbe } from "./probes.js";

const listGuard = (): Promise<string> => run(["nft", ...LIST_GUARD_ARGV]);

/** Packets the guard's first rule (into an internal network from outside it) has dropped so far. */
function intoInternalDrops(table: string): number {
  const line = table.split("\n").find((l) => l.includes("into an internal network from outside it"));
  const count = /counter packets (\d+)/.exec(line ?? "")?.[1];
  if (count === undefined) throw new Error(`no counter on the guard's "into an internal network" rule in:\n${table}`);
  return Number(count);
}

/**
 * The host guard (infra/model/hostGuard.ts), live: Docker 20.10 takes its isolation rules away for a
 * moment whenever any network on the host is made. The test makes that moment last, for one flow only
 * (ACCEPTs at the head of FORWARD for Redis's backend address and port, both ways), so an edge container's
 * connection would be masqueraded into the backend network and answered; the guard must still drop it.
 */
export function hostGuardSuite(env: () => LiveEnvironment): void {
  test("with Docker's FORWARD rules letting an edge container through to Redis (as while Docker rewrites them), the host guard still drops it", async () => {
    const e = env();
    const before = await listGuard();
    assert.ok(before.includes(`"${GUARD_MARK}"`), `the guard is not loaded with this checkout's rules:\n${before}`);
    const networks = (await inspect(e.container("redis"))).NetworkSettings.Networks;
    const ip = networks[e.network("backend")]?.IPAddress;
    assert.ok(ip, `${e.rendering}: redis has no address on ${e.network("backend")}: ${JSON.stringify(networks)}`);
    // Both directions of this one flow, as in Docker's gap (the reply would meet the internal network's own DROP).
    const rules = [
      ["-d", `${ip}/32`, "-p", "tcp", "--dport", "6379", "-j", "ACCEPT"],
      ["-s", `${ip}/32`, "-p", "tcp", "--sport", "6379", "-j", "ACCEPT"],
    ];
    for (const rule of rules) await run(["iptables", "-w", "-I", "FORWARD", "1", ...rule]);
    let out: string;
    try {
      out = (await runOn(e.network("edge"), apiImage(e), nodeProbe(connectScript(ip, 6379)))).trim();
    } finally {
      for (const rule of rules) await run(["iptables", "-w", "-D", "FORWARD", ...rule]);
    }
    const after = await listGuard();
    assert.notEqual(out, "connected", `${e.rendering}: ${ip}:6379 reachable from edge past the guard:\n${after}`);
    assert.ok(
      intoInternalDrops(after) > intoInternalDrops(before),
      `${e.rendering}: the guard dropped nothing, so something else stopped the probe (${out}):\n${after}`,
    );
  });
}
