import { test } from "vitest";
import assert from "node:assert/strict";
import { migrationsFromLog } from "./migrationLog.js";

const line = (o: object): string => JSON.stringify({ level: 30, time: 1, colour: "green", ...o });

test("the newest boot's `database ready` line says what was applied and the schema version", () => {
  const log = [
    line({ msg: "database ready", applied: ["001_init.sql"], schemaVersion: 1 }),
    line({ msg: "server listening" }),
    "not json at all",
    line({ msg: "database ready", applied: [], schemaVersion: 2 }),
    line({ msg: "migration applied", migration: "002_x.sql" }),
  ].join("\n");
  assert.deepEqual(migrationsFromLog(log), { reported: true, applied: [], schemaVersion: 2 });
});

test("no such line (another log format, or logs rotated away): reported false, never invented", () => {
  assert.deepEqual(migrationsFromLog(`${line({ msg: "server listening" })}\n{broken`), {
    reported: false,
    applied: [],
  });
});
