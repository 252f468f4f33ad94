import assert from "node:assert/strict";
import { it } from "node:test";
import { planWorkerCommand } from "./workerCommand.js";

const runtimes = { pyodideDir: "/app/py", quickjsCoreEntry: "/app/q/core.mjs", quickjsVariantEntry: "/app/q/v.mjs", quickjsWasmFile: "/app/q/v.wasm" };

it("plans a worker with the permission model, no eval, a bounded heap and an empty environment", () => {
  const command = planWorkerCommand({ nodePath: "/usr/bin/node", mode: "python", entry: "/app/w/entry.js", readableDirs: ["/app/w", "/app/py"], runtimes, heapMib: 384 });
  assert.deepEqual(command, {
    file: "/usr/bin/node",
    args: [
      "--experimental-permission", "--allow-fs-read=/app/w", "--allow-fs-read=/app/py",
      "--disallow-code-generation-from-strings", "--disable-proto=delete", "--max-old-space-size=384", "--expose-gc", "--no-warnings",
      "/app/w/entry.js", "python", JSON.stringify(runtimes),
    ],
    env: {},
    stdio: ["pipe", "ignore", "pipe", "pipe", "ipc"],
  });
  assert.equal(command.args.some((a) => /allow-(child-process|worker|addons|wasi|fs-write)/.test(a)), false);
});

it("gives only Python workers a stdin, which carries the memory snapshot", () => {
  for (const mode of ["javascript", "snapshot"] as const) {
    const command = planWorkerCommand({ nodePath: "/usr/bin/node", mode, entry: "/app/w/entry.js", readableDirs: ["/app/w"], runtimes, heapMib: 384 });
    assert.equal(command.stdio[0], "ignore", mode);
  }
});
