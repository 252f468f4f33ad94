import { test } from "vitest";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import {
  allUp,
  joinAtZeroWeight,
  parseStat,
  retire,
  servingColour,
  sessionsOf,
  switchBatch,
} from "./haproxyCommands.js";

// Captured from HAProxy 3.0.11 (the proxy image's version) right after a switch: blue draining, green live.
const DRAINING = readFileSync(new URL("./fixtures/show-stat-draining.csv", import.meta.url), "utf8");

const csv = (rows: string[]): string => ["# pxname,svname,scur,status,weight,check_status", ...rows].join("\n");

test("joining colour: weight 0, out of maintenance, health forced down so only fresh checks bring it UP", () => {
  assert.deepEqual(joinAtZeroWeight("green", 2), [
    "set server api/green-1 weight 0",
    "set server api/green-1 state ready",
    "set server api/green-1 health down",
    "set server api/green-2 weight 0",
    "set server api/green-2 state ready",
    "set server api/green-2 health down",
  ]);
});

test("the switch is one batch: new colour weighted first, then the old colour drains", () => {
  assert.deepEqual(switchBatch("blue", "green", 2), [
    "set server api/green-1 weight 100%",
    "set server api/green-2 weight 100%",
    "set server api/blue-1 state drain",
    "set server api/blue-2 state drain",
  ]);
  assert.deepEqual(retire("blue", 1), ["set server api/blue-1 state maint"]);
});

test("show stat from HAProxy 3.0: only the api backend's servers, by column name", () => {
  assert.deepEqual(parseStat(DRAINING), [
    { server: "blue-1", colour: "blue", status: "DRAIN", weight: 1, sessions: 0, check: "L7OK" },
    { server: "green-1", colour: "green", status: "UP", weight: 1, sessions: 0, check: "L7OK" },
  ]);
  assert.equal(servingColour(parseStat(DRAINING)), "green");
});

test("a colour is UP only when every server is plainly UP (not 'DOWN 1/2', not MAINT)", () => {
  const stats = parseStat(csv(["api,green-1,0,UP,0,L7OK", "api,green-2,0,DOWN 1/2,0,L7OK", "api,blue-1,3,UP,1,L7OK"]));
  assert.equal(allUp(stats, "green"), false);
  assert.equal(allUp(stats, "blue"), true);
  assert.equal(allUp(parseStat(csv(["api,blue-1,0,MAINT,1,"])), "blue"), false);
});

test("sessions add up per colour; serving is the one colour UP with weight", () => {
  const stats = parseStat(csv(["api,blue-1,2,DRAIN,1,L7OK", "api,blue-2,1,DRAIN,1,L7OK", "api,green-1,5,UP,1,L7OK"]));
  assert.equal(sessionsOf(stats, "blue"), 3);
  assert.equal(servingColour(stats), "green");
  assert.equal(servingColour(parseStat(csv(["api,blue-1,0,UP,1,L7OK", "api,green-1,0,UP,1,L7OK"]))), undefined);
  assert.equal(servingColour(parseStat(csv(["api,blue-1,0,UP,1,L7OK", "api,green-1,0,UP,0,L7OK"]))), "blue");
});

test("anything but show stat output is refused", () => {
  assert.throws(() => parseStat("Unknown command"), /not the output of `show stat`/);
});
