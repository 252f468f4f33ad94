import assert from "node:assert/strict";
import { test } from "vitest";
import { bridgeName, bridgeOptions, GUARD_MARK, guardRuleset, INTERNAL_BRIDGE_PREFIX } from "./hostGuard.js";
import type { NetworkName } from "./types.js";

const net = (name: NetworkName, internal: boolean) => ({ name, internal, purpose: "" });

test("every internal network gets a bridge with the guard's prefix, within Linux's 15 characters, distinct per project and network", () => {
  const names = ["verifier-local", "verifier-prod", "verifier-citest-with-a-long-instance-name"].flatMap((p) =>
    (["backend", "metrics", "sandbox"] as const).map((n) => bridgeName(p, net(n, true))!),
  );
  for (const n of names) assert.match(n, /^vint-[0-9a-f]{10}$/);
  assert.equal(new Set(names).size, names.length);
  assert.equal(bridgeName("verifier-local", net("backend", true)), "vint-1f1ead8663", "stable across runs");
});

test("the edge network, which is not internal, keeps Docker's bridge name and no options", () => {
  assert.equal(bridgeName("verifier-local", net("edge", false)), undefined);
  assert.deepEqual(bridgeOptions("verifier-local", net("edge", false)), {});
  assert.deepEqual(bridgeOptions("verifier-local", net("backend", true)), {
    "com.docker.network.bridge.name": "vint-1f1ead8663",
  });
});

test("the ruleset is one transaction that replaces the table, drops into and out of every internal bridge, and carries its mark", () => {
  const lines = guardRuleset().split("\n");
  assert.deepEqual(lines.slice(0, 3), [
    "table inet verifier_guard",
    "delete table inet verifier_guard",
    "table inet verifier_guard {",
  ]);
  assert.ok(lines.includes(`  comment "${GUARD_MARK}"`));
  assert.ok(lines.includes("    type filter hook forward priority filter - 10; policy accept;"));
  const drops = lines.filter((l) => l.includes(" drop "));
  assert.deepEqual(
    drops.map((l) => l.trim().split(" counter")[0]),
    [
      `oifname "${INTERNAL_BRIDGE_PREFIX}*" iifname != "${INTERNAL_BRIDGE_PREFIX}*"`,
      `iifname "${INTERNAL_BRIDGE_PREFIX}*" oifname != "${INTERNAL_BRIDGE_PREFIX}*"`,
    ],
  );
  assert.match(GUARD_MARK, /^verifier guard [0-9a-f]{12}$/);
});
