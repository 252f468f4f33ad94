import assert from "node:assert/strict";
import { it } from "vitest";
import { planWorkerCommand } from "./workerCommand.js";
import { MAX_JOB_FRAME_BYTES, MAX_SNAPSHOT_FRAME_BYTES } from "./workerFrames.js";

const runtimes = {
  pyodideDir: "/app/py",
  quickjsCoreEntry: "/app/q/core.mjs",
  quickjsVariantEntry: "/app/q/v.mjs",
  quickjsWasmFile: "/app/q/v.wasm",
};

type Mode = "python" | "javascript" | "snapshot";
const MODES: Mode[] = ["python", "javascript", "snapshot"];
/** The plan for each mode, in MODES order, as `pick` reads it. */
const perMode = <T>(pick: (command: ReturnType<typeof planWorkerCommand>) => T): T[] =>
  MODES.map((mode) =>
    pick(
      planWorkerCommand({
        nodePath: "/usr/bin/node",
        mode,
        entry: "/app/w/entry.js",
        readableDirs: ["/app/w"],
        runtimes,
        heapMib: 384,
      }),
    ),
  );

it("plans a worker with the permission model, no eval, a bounded heap and an empty environment", () => {
  const command = planWorkerCommand({
    nodePath: "/usr/bin/node",
    mode: "python",
    entry: "/app/w/entry.js",
    readableDirs: ["/app/w", "/app/py"],
    runtimes,
    heapMib: 384,
  });
  assert.deepEqual(command, {
    file: "/usr/bin/node",
    args: [
      "--experimental-permission",
      "--allow-fs-read=/app/w",
      "--allow-fs-read=/app/py",
      "--disallow-code-generation-from-strings",
      "--disable-proto=delete",
      "--max-old-space-size=384",
      "--liftoff-only",
      "--expose-gc",
      "--no-warnings",
      "/app/w/entry.js",
      "python",
      JSON.stringify(runtimes),
    ],
    env: {},
    stdio: ["pipe", "ignore", "pipe", "pipe", "pipe"],
    maxFrameBytes: MAX_JOB_FRAME_BYTES,
  });
  assert.equal(
    command.args.some((a) => /allow-(child-process|worker|addons|wasi|fs-write)/.test(a)),
    false,
  );
});

it("gives only JavaScript workers a larger V8 stack, for QuickJS's C recursion to stop itself on", () => {
  assert.deepEqual(
    perMode((c) => c.args.filter((a) => a.startsWith("--stack-size"))),
    [[], ["--stack-size=3900"], []],
  );
});

it("keeps only Python workers on V8's baseline WebAssembly compiler", () => {
  assert.deepEqual(
    perMode((c) => c.args.filter((a) => a.startsWith("--liftoff") || a.includes("tier"))),
    [["--liftoff-only"], [], []],
  );
});

it("gives only Python workers a stdin, which carries the memory snapshot", () => {
  assert.deepEqual(
    perMode((c) => c.stdio[0]),
    ["pipe", "ignore", "ignore"],
  );
});

it("bounds a job worker's frames tighter than the snapshot maker's, which carries the memory image", () => {
  assert.deepEqual(
    perMode((c) => c.maxFrameBytes),
    [MAX_JOB_FRAME_BYTES, MAX_JOB_FRAME_BYTES, MAX_SNAPSHOT_FRAME_BYTES],
  );
});
