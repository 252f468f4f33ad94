import { test, before } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import type { UpResult } from "../../infra/local/up.js";
import { SERVICE_UIDS } from "../../infra/model/users.js";
import { containerName, useStack, TEST_INSTANCE, REPO_ROOT } from "../support/instance.js";
import { exec, inspect } from "../support/docker.js";
import { localPaths } from "../../infra/local/paths.js";

let stack: UpResult;
before(async () => {
  stack = await useStack();
});

test("every container runs a numeric non-root user, per docker inspect and per the kernel inside", async () => {
  for (const svc of stack.model.services) {
    const name = containerName(stack, svc.name);
    const info = await inspect(name);
    const uid = SERVICE_UIDS[svc.role];
    assert.equal(info.Config.User, `${uid}:${uid}`, `${name}: Config.User`);
    const status = await exec(name, ["cat", "/proc/1/status"]);
    const uids = /^Uid:\s+(\d+)\s+(\d+)\s+(\d+)\s+(\d+)/m.exec(status);
    assert.deepEqual(uids?.slice(1).map(Number), [uid, uid, uid, uid], `${name}: real/effective/saved/fs uid of pid 1`);
    assert.match(status, /^CapEff:\s+0000000000000000$/m, `${name}: no effective capabilities`);
    assert.match(status, /^CapPrm:\s+0000000000000000$/m, `${name}: no permitted capabilities`);
    assert.match(status, /^NoNewPrivs:\s+1$/m, `${name}: no_new_privs set`);
  }
});

test("every root filesystem is read-only, capabilities dropped, limits and healthcheck set", async () => {
  for (const svc of stack.model.services) {
    const name = containerName(stack, svc.name);
    const info = await inspect(name);
    assert.equal(info.HostConfig.ReadonlyRootfs, true, `${name}: ReadonlyRootfs`);
    assert.deepEqual(info.HostConfig.CapDrop, ["ALL"], `${name}: CapDrop`);
    assert.equal(info.HostConfig.CapAdd, null, `${name}: CapAdd`);
    assert.equal(info.HostConfig.Privileged, false, `${name}: Privileged`);
    assert.deepEqual(info.HostConfig.SecurityOpt, ["no-new-privileges:true"], `${name}: SecurityOpt`);
    assert.equal(info.HostConfig.PidsLimit, svc.limits.pids, `${name}: PidsLimit`);
    assert.equal(info.HostConfig.Memory, svc.limits.memoryMiB * 1024 * 1024, `${name}: Memory`);
    assert.equal(info.HostConfig.NanoCpus, Math.round(svc.limits.cpus * 1e9), `${name}: NanoCpus`);
    assert.deepEqual(info.Config.Healthcheck?.Test, svc.healthcheck.test, `${name}: healthcheck`);
    assert.equal(info.State.Health?.Status, "healthy", `${name}: health`);
    await assert.rejects(exec(name, ["touch", "/usr/probe-write"]), `${name}: writing to / must fail`);
  }
});

test("no container mounts the Docker socket, and every bind mount is read-only", async () => {
  for (const svc of stack.model.services) {
    const mounts = (await inspect(containerName(stack, svc.name))).Mounts;
    assert.equal(mounts.some((m) => m.Source.includes("docker.sock") || m.Destination.includes("docker.sock")), false, svc.name);
    for (const m of mounts.filter((m) => m.Type === "bind")) assert.equal(m.RW, false, `${svc.name}: ${m.Destination} writable`);
  }
});

test("only the proxy publishes a port, and only on 127.0.0.1", async () => {
  for (const svc of stack.model.services) {
    const info = await inspect(containerName(stack, svc.name));
    const bindings = Object.values(info.HostConfig.PortBindings ?? {}).flatMap((b) => b ?? []);
    if (svc.role === "proxy") {
      assert.deepEqual(bindings, [{ HostIp: "127.0.0.1", HostPort: String(new URL(stack.url).port) }]);
    } else {
      assert.deepEqual(bindings, [], `${svc.name} publishes nothing`);
    }
  }
});

test("no generated secret appears in the rendered Compose file or in any container's environment", async () => {
  const paths = localPaths(REPO_ROOT, TEST_INSTANCE);
  const compose = readFileSync(stack.composeFile, "utf8");
  for (const secret of stack.model.secrets) {
    const value = readFileSync(`${paths.secrets}/${secret.name}`, "utf8");
    const probe = secret.name === "tls_pem" ? value.split("\n").find((l) => l.length > 40)! : value;
    assert.equal(compose.includes(probe), false, `${secret.name} in compose file`);
    for (const svc of stack.model.services) {
      const env = (await inspect(containerName(stack, svc.name))).Config.Env.join("\n");
      assert.equal(env.includes(probe), false, `${secret.name} in ${svc.name} env`);
    }
  }
});
