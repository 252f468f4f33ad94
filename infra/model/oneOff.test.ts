import { test } from "vitest";
import assert from "node:assert/strict";
import { oneOffArgv } from "./oneOff.js";

test("a removed-on-exit one-off: every hardening flag, then groups, tmpfs, mounts, env and entrypoint as given", () => {
  assert.deepEqual(
    oneOffArgv(
      {
        image: "verifier/backup:1",
        network: "none",
        user: "10007:10007",
        groups: [10100],
        limits: { memoryMiB: 512, pids: 128 },
        tmpfs: ["/tmp:size=64m"],
        mounts: [
          { source: "/srv/backups", target: "/backups", readOnly: true },
          { source: "pgdata-x", target: "/data", readOnly: false },
        ],
        env: { A: "1" },
        entrypoint: "/usr/local/bin/x",
      },
      ["list"],
    ),
    [
      "docker",
      "run",
      "--rm",
      "--network",
      "none",
      "--user",
      "10007:10007",
      "--group-add",
      "10100",
      "--read-only",
      "--tmpfs",
      "/tmp:size=64m",
      "--cap-drop",
      "ALL",
      "--security-opt",
      "no-new-privileges",
      "--pids-limit",
      "128",
      "--memory",
      "512m",
      "--mount",
      "type=bind,source=/srv/backups,target=/backups,readonly",
      "--mount",
      "type=volume,source=pgdata-x,target=/data",
      "--env",
      "A=1",
      "--entrypoint",
      "/usr/local/bin/x",
      "verifier/backup:1",
      "list",
    ],
  );
});

test("a detached server is named instead of removed and carries its labels", () => {
  const argv = oneOffArgv(
    {
      image: "p",
      network: "n",
      user: "1:1",
      limits: { memoryMiB: 64, pids: 8 },
      labels: { "verifier.project": "x" },
      detachedAs: "x-recovery",
    },
    [],
  );
  assert.deepEqual(argv.slice(0, 5), ["docker", "run", "-d", "--name", "x-recovery"]);
  assert.equal(argv.includes("--rm"), false);
  assert.deepEqual(argv.slice(argv.indexOf("--label"), argv.indexOf("--label") + 2), ["--label", "verifier.project=x"]);
});

test("root, a named user or a missing gid is refused, naming what was received", () => {
  for (const user of ["0:0", "root", "10001", "10001:0"])
    assert.throws(
      () => oneOffArgv({ image: "i", network: "none", user, limits: { memoryMiB: 1, pids: 1 } }, []),
      new RegExp(`user "${user}" of i; allowed: a numeric non-root uid:gid`),
    );
});
