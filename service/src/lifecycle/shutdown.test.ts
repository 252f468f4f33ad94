import assert from "node:assert/strict";
import { describe, it } from "vitest";
import { createLogger } from "../logger.js";
import { DrainState } from "./drain-state.js";
import { shutdown, type ShutdownStep } from "./shutdown.js";

interface Run {
  /** What the steps saw, in order. */
  events: string[];
  /** Log messages. */
  lines: string[];
  exited: Promise<number>;
}

function run(steps: (events: string[], drain: DrainState) => ShutdownStep[], graceMs = 5_000): Run {
  const events: string[] = [];
  const drain = new DrainState();
  let exit: (code: number) => void = () => undefined;
  const exited = new Promise<number>((resolve) => (exit = resolve));
  const lines: string[] = [];
  const logger = createLogger({ level: "info" }, { write: (line: string) => void lines.push(JSON.parse(line).msg) });
  const options = { steps: steps(events, drain), drain, graceMs, logger, exit: (code: number) => exit(code) };
  void shutdown("SIGTERM", options);
  return { events, lines, exited };
}

const step = (name: string, events: string[], drain: DrainState, fail = false): ShutdownStep => ({
  name,
  run: async () => {
    events.push(`${name}${drain.draining ? " (draining)" : ""}`);
    if (fail) throw new Error(`${name} broke`);
  },
});

describe("shutdown", () => {
  it("marks draining first, runs the steps in order, then exits 0", async () => {
    const { events, exited } = run((e, d) => [step("api", e, d), step("pool", e, d), step("redis", e, d)]);
    assert.equal(await exited, 0);
    assert.deepEqual(events, ["api (draining)", "pool (draining)", "redis (draining)"]);
  });

  it("still closes the later steps when one fails, and exits 1", async () => {
    const { events, exited } = run((e, d) => [step("api", e, d), step("pool", e, d, true), step("redis", e, d)]);
    assert.equal(await exited, 1);
    assert.deepEqual(events, ["api (draining)", "pool (draining)", "redis (draining)"]);
  });

  it("forces exit 1 with a log line when the drain outlasts the grace period", async () => {
    const stuck: ShutdownStep = { name: "api", run: () => new Promise<void>(() => undefined) };
    const { lines, exited } = run(() => [stuck], 50);
    assert.equal(await exited, 1);
    assert.deepEqual(lines, [
      "shutdown started: draining in-flight requests",
      "drain exceeded SHUTDOWN_GRACE_MS; forcing exit",
    ]);
  });
});
