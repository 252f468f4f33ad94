import assert from "node:assert/strict";
import { describe, it } from "vitest";
import { classifyBaseEntry, isWalSegment, segmentPosition } from "./base-naming.js";
import { planBaseRetention } from "./base-retention.js";

const seg = (timeline: number, n: number): string =>
  `${timeline.toString(16).toUpperCase().padStart(8, "0")}00000000${n.toString(16).toUpperCase().padStart(8, "0")}`;

describe("base backup naming", () => {
  it("tells this stack's base backups and leftovers from everything else", () => {
    assert.deepEqual(classifyBaseEntry("prod_20240101T020000Z", "prod"), {
      kind: "base",
      name: "prod_20240101T020000Z",
      createdAt: new Date("2024-01-01T02:00:00Z"),
    });
    assert.deepEqual(classifyBaseEntry(".prod_20240101T020000Z.partial", "prod"), { kind: "leftover" });
    for (const name of ["staging_20240101T020000Z", "prod_20241301T020000Z", "prod_x", ".prod_x"])
      assert.deepEqual(classifyBaseEntry(name, "prod"), { kind: "other" });
  });

  it("knows a WAL segment name and orders segments by position across timelines", () => {
    assert.equal(isWalSegment(seg(1, 0x2a)), true);
    for (const name of ["00000002.history", `${seg(1, 3)}.partial`, `${seg(1, 3)}.00000028.backup`, ".x.partial"])
      assert.equal(isWalSegment(name), false);
    assert.ok(segmentPosition(seg(2, 4)) > segmentPosition(seg(1, 3)));
    assert.ok(segmentPosition(seg(2, 3)) < segmentPosition(seg(1, 4)));
  });
});

describe("planBaseRetention", () => {
  const bases = [
    { name: "p_20240101T000000Z", startWalFile: seg(1, 2) },
    { name: "p_20240102T000000Z", startWalFile: seg(1, 5) },
    { name: "p_20240103T000000Z", startWalFile: seg(1, 9) },
  ];
  const wal = [2, 3, 4, 5, 6, 9, 10].map((n) => seg(1, n));

  it("keeps the base backups of kept dumps and the WAL from the oldest kept one's first segment", () => {
    const plan = planBaseRetention(
      bases,
      new Set(["p_20240102T000000Z", "p_20240103T000000Z"]),
      [".p_20240104T000000Z.partial"],
      wal,
    );
    assert.deepEqual(plan.dirs, [
      { file: ".p_20240104T000000Z.partial", reason: "left by an interrupted run" },
      { file: "p_20240101T000000Z", reason: "its dump p_20240101T000000Z.dump is no longer kept" },
    ]);
    assert.deepEqual(
      plan.wal.map((d) => d.file),
      [seg(1, 2), seg(1, 3), seg(1, 4)],
    );
    assert.equal(
      plan.wal[0]!.reason,
      `older than ${segmentPosition(seg(1, 5))}, the first segment the oldest kept base backup needs`,
    );
  });

  it("removes no WAL when no usable base backup is kept", () => {
    assert.deepEqual(
      planBaseRetention([{ name: "p_20240101T000000Z" }], new Set(["p_20240101T000000Z"]), [], wal).wal,
      [],
    );
    assert.deepEqual(planBaseRetention(bases, new Set(), [], wal).wal, []);
  });
});
