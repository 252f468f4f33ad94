import assert from "node:assert/strict";
import { createHash, randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, it, test } from "vitest";
import { chunkSql, chunksOf, collectTableStatsParallel } from "./parallel-stats.js";
import { md5OfSortedHex, sortDigests } from "./sorted-digests.js";
import { collectTableStats } from "./table-stats.js";
import { connect, disconnect } from "./database.js";
import { PG, createSeededDatabase, dropDatabase, sql } from "./test-helpers/postgres.js";

test("a table's pages are cut into ranges, the last one open-ended; an empty table is one open chunk", () => {
  assert.deepEqual(chunksOf(3, 5, 2), [
    { table: 3, fromPage: 0, toPage: 2 },
    { table: 3, fromPage: 2, toPage: 4 },
    { table: 3, fromPage: 4, toPage: null },
  ]);
  assert.deepEqual(chunksOf(0, 4, 2), [
    { table: 0, fromPage: 0, toPage: 2 },
    { table: 0, fromPage: 2, toPage: null },
  ]);
  assert.deepEqual(chunksOf(1, 0, 2048), [{ table: 1, fromPage: 0, toPage: null }]);
});

test("a chunk's query hashes the rows of its page range, quoting the names", () => {
  assert.equal(
    chunkSql("a.b", 'x"y', { table: 0, fromPage: 2, toPage: 4 }),
    `SELECT count(*)::bigint AS rows, string_agg(md5(ROW(t.*)::text), '') AS hex FROM "a.b"."x""y" AS t WHERE t.ctid >= '(2,0)'::tid AND t.ctid < '(4,0)'::tid`,
  );
  assert.ok(chunkSql("s", "t", { table: 0, fromPage: 4, toPage: null }).endsWith(`AS t WHERE t.ctid >= '(4,0)'::tid`));
  assert.ok(chunkSql("s", "t", { table: 0, fromPage: 0, toPage: null }).endsWith(`FROM "s"."t" AS t`));
});

test("digests sort in byte order, as the hex strings sort; the md5 is that of the sorted hex, null for none", () => {
  const skewed = Buffer.concat([
    randomBytes(16 * 3000),
    ...Array.from({ length: 200 }, (_, i) =>
      Buffer.concat([Buffer.from([7, 7]), randomBytes(13), Buffer.from([i % 5])]),
    ),
  ]);
  const hexes = (b: Buffer) =>
    Array.from({ length: b.length / 16 }, (_, i) => b.subarray(i * 16, i * 16 + 16).toString("hex"));
  assert.deepEqual(hexes(sortDigests(skewed)), hexes(skewed).sort());
  assert.equal(md5OfSortedHex(skewed), createHash("md5").update(hexes(skewed).sort().join("")).digest("hex"));
  assert.equal(md5OfSortedHex(Buffer.alloc(0)), null);
});

describe("parallel row counts and checksums against a real Postgres", () => {
  let db: string;
  beforeAll(async () => {
    db = await createSeededDatabase("parallel");
    await sql(
      db,
      "CREATE TABLE wide (id int PRIMARY KEY, body text); INSERT INTO wide SELECT g, repeat(md5(g::text), 8) FROM generate_series(1, 3000) g; INSERT INTO wide SELECT g, 'dup' FROM generate_series(3001, 3100) g",
    );
  });
  afterAll(async () => {
    await dropDatabase(db);
  });

  it("equal the one-query SQL (collectTableStats) for every table, whatever the chunk size and number of connections", async () => {
    const target = { host: PG.host, port: PG.port, name: db, user: PG.user, password: undefined };
    const client = await connect(target, db);
    const expected = await collectTableStats(client).finally(() => disconnect(client));
    assert.ok(expected.some((t) => t.table === "wide" && t.rows === 3100) && expected.some((t) => t.checksum === null));
    for (const [connections, chunkPages] of [
      [1, 2048],
      [3, 1],
      [2, 7],
    ] as const) {
      assert.deepEqual(
        await collectTableStatsParallel(target, db, { connections, chunkPages }),
        expected,
        `${connections} connection(s), ${chunkPages} page(s) a chunk`,
      );
    }
  });
});
