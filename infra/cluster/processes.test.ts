import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { clusterPaths } from "./paths.js";
import { isRunning, logTail, startDetached, stopProcess } from "./processes.js";
import { waitFor } from "./readiness.js";

const dir = mkdtempSync(join(tmpdir(), "cluster-proc-"));
const paths = clusterPaths(dir);
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const SH = "/bin/sh";

describe("detached components", () => {
  it("start with their output in the log, run until stopped, and are gone after", async () => {
    const node = process.execPath;
    const pid = await startDetached(
      [node, "-e", "console.log('started'); setTimeout(() => {}, 30000)"],
      paths.log("etcd"),
    );
    expect(isRunning(pid, node)).toBe(true);
    expect(isRunning(pid, "/bin/somethingelse")).toBe(false); // a recycled pid is not ours
    for (let i = 0; i < 100 && !readFileSync(paths.log("etcd"), "utf8"); i++)
      await new Promise((r) => setTimeout(r, 100));
    await stopProcess(pid, node);
    expect(isRunning(pid, node)).toBe(false);
    expect(readFileSync(paths.log("etcd"), "utf8")).toBe("started\n");
    expect(logTail(paths.log("etcd"))).toBe("    | started");
  });
});

describe("waitFor", () => {
  const never = { what: "the thing", suspect: "kwok" as const, probe: async () => false };

  it("fails at once, naming the component and its log, when a started component exits", async () => {
    const pid = await startDetached([SH, "-c", "echo 'fatal: bad flag'; exit 3"], paths.log("kube-apiserver"));
    await new Promise((r) => setTimeout(r, 300));
    const watched = { paths, started: [{ component: "kube-apiserver" as const, pid, binary: SH }] };
    await expect(waitFor(never, watched, Date.now() + 60_000)).rejects.toThrow(
      `kube-apiserver exited while waiting for the thing; see ${paths.log("kube-apiserver")} (tail above)`,
    );
  });

  it("fails at the deadline, blaming the suspect", async () => {
    await expect(waitFor(never, { paths, started: [] }, Date.now() + 600)).rejects.toMatchObject({
      code: "CLUSTER_START",
      message: expect.stringMatching(/^the thing: not there in time; see .*\/logs\/kwok\.log/),
    });
  });

  it("returns once the probe answers, a throwing probe counting as not yet", async () => {
    let calls = 0;
    const probe = async () => {
      calls += 1;
      if (calls < 2) throw new Error("connection refused");
      return true;
    };
    await waitFor({ ...never, probe }, { paths, started: [] }, Date.now() + 10_000);
    expect(calls).toBe(2);
  });
});
