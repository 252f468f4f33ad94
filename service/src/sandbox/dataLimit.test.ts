import assert from "node:assert/strict";
import { describe, it } from "vitest";
import { dataLimitBytes, planPrlimit } from "./dataLimit.js";
import { parseDataLimit, parseMemory } from "./procMemory.js";

const MIB = 1024 * 1024;

describe("the kernel bound on a worker's writable memory", () => {
  it("reads a process's anonymous resident and writable memory from /proc/<pid>/status", () => {
    const status =
      "Name:\tnode\nVmPeak:\t22120944 kB\nVmData:\t  262448 kB\nVmRSS:\t  224196 kB\nRssAnon:\t  182516 kB\nRssFile:\t   41680 kB\n";
    assert.deepEqual(parseMemory(status), { rssAnonBytes: 182516 * 1024, vmDataBytes: 262448 * 1024 });
    assert.equal(parseMemory("Name:\tnode\n"), undefined);
  });

  it("reads the soft data limit from /proc/<pid>/limits, undefined when unlimited", () => {
    const row = (soft: string) =>
      `Limit                     Soft Limit           Hard Limit           Units     \nMax data size             ${soft}            ${soft}            bytes     \n`;
    assert.equal(parseDataLimit(row("524288000")), 524288000);
    assert.equal(parseDataLimit(row("unlimited")), undefined);
  });

  it("allows the allowance above what is resident, and never less than 64 MiB of new memory", () => {
    assert.equal(dataLimitBytes({ rssAnonBytes: 180 * MIB, vmDataBytes: 260 * MIB }, 320), 500 * MIB);
    assert.equal(dataLimitBytes({ rssAnonBytes: 10 * MIB, vmDataBytes: 200 * MIB }, 100), 264 * MIB);
  });

  it("sets the soft and hard limit of the worker with prlimit, as plain data", () => {
    assert.deepEqual(planPrlimit(4242, 500 * MIB), {
      file: "/usr/bin/prlimit",
      args: ["--pid", "4242", "--data=524288000:524288000"],
    });
  });
});
