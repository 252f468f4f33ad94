import { test } from "vitest";
import assert from "node:assert/strict";
import { V1, V2, entry, observed, warm } from "../plan/fixture.js";
import { statusReport } from "./statusReport.js";

const o = observed({
  blue: warm("blue", V1),
  green: {
    image: V2,
    healthy: false,
    containers: [{ name: "verifier-t-api-green-1", status: "running", health: "unhealthy" }],
  },
  declared: { activeColour: "blue", releases: { blue: V1, green: V2 } },
  releases: [
    entry("green", "blue", { blue: V1, green: V2 }),
    entry("blue", "green", { blue: V1, green: V1 }, "rolled-back"),
  ],
});
const inputs = {
  name: "local (instance t), compose",
  url: "https://127.0.0.1:18443",
  observed: o,
  containers: [...o.colours.blue.containers, ...o.colours.green.containers],
  backups: {
    count: 1,
    newestVerified: { file: "a.dump", createdAt: "2025-01-01T00:00:00.000Z", ageSeconds: 60 },
    text: "last verified backup 2025-01-01T00:00:00.000Z (60s ago)",
  },
};

test("people see the live colour, each colour's image and health, the odd container out, backups and releases newest first", () => {
  assert.deepEqual(statusReport(inputs).lines, [
    "local (instance t), compose  https://127.0.0.1:18443",
    "active: blue (declared blue, proxy serves blue)",
    `  blue   ${V1.padEnd(40)} live, 1/1 healthy`,
    `  green  ${V2.padEnd(40)} idle, 0/1 healthy`,
    "containers: 1/2 running and healthy",
    "  ✗ verifier-t-api-green-1: running/unhealthy",
    "backups: last verified backup 2025-01-01T00:00:00.000Z (60s ago)",
    "releases (newest first):",
    `  2025-01-01T00:00:00.000Z deploy blue → green ${V1} rolled-back by ops@h`,
    `  2025-01-01T00:00:00.000Z deploy green → blue ${V1} success by ops@h`,
  ]);
});

test("the JSON says the same, and an unreadable backup listing is reported, not fatal", () => {
  const { data, lines } = statusReport({ ...inputs, backups: { error: "no such container" } });
  assert.equal(data.activeColour, "blue");
  assert.equal(data.serving, "blue");
  assert.deepEqual((data.colours as Record<string, { role: string; image: string }>).green, {
    ...o.colours.green,
    declaredImage: V2,
    role: "idle",
  });
  assert.deepEqual(
    (data.releases as { outcome: string }[]).map((r) => r.outcome),
    ["rolled-back", "success"],
  );
  assert.ok(lines.includes("backups: unavailable (no such container)"));
});
