import { test } from "vitest";
import assert from "node:assert/strict";
import { memoryWithSwapMiB } from "../../../infra/model/hardening.js";
import { SERVICE_UIDS } from "../../../infra/model/users.js";
import { exec, inspect } from "../docker.js";
import type { LiveEnvironment } from "../environment.js";

/**
 * The hardening every container of the model must show live, per `docker inspect` and per the kernel
 * inside it. Registered once per rendering: `env()` is called inside each test, after the suite's
 * `before` brought the environment up.
 */
export function hardeningSuite(env: () => LiveEnvironment): void {
  const label = (e: LiveEnvironment, name: string) => `${e.rendering}: ${name}`;

  test("every container runs a numeric non-root user, per docker inspect and per the kernel inside", async () => {
    const e = env();
    for (const svc of e.model.services) {
      const name = e.container(svc.name);
      const info = await inspect(name);
      const uid = SERVICE_UIDS[svc.role];
      assert.equal(info.Config.User, `${uid}:${uid}`, label(e, `${name}: Config.User`));
      const status = await exec(name, ["cat", "/proc/1/status"]);
      const uids = /^Uid:\s+(\d+)\s+(\d+)\s+(\d+)\s+(\d+)/m.exec(status);
      assert.deepEqual(
        uids?.slice(1).map(Number),
        [uid, uid, uid, uid],
        label(e, `${name}: real/effective/saved/fs uid of pid 1`),
      );
      assert.match(status, /^CapEff:\s+0000000000000000$/m, label(e, `${name}: no effective capabilities`));
      assert.match(status, /^CapPrm:\s+0000000000000000$/m, label(e, `${name}: no permitted capabilities`));
      assert.match(status, /^NoNewPrivs:\s+1$/m, label(e, `${name}: no_new_privs set`));
    }
  });

  test("every root filesystem is read-only, capabilities dropped, limits and healthcheck set", async () => {
    const e = env();
    for (const svc of e.model.services) {
      const name = e.container(svc.name);
      const info = await inspect(name);
      assert.equal(info.HostConfig.ReadonlyRootfs, true, label(e, `${name}: ReadonlyRootfs`));
      assert.deepEqual(info.HostConfig.CapDrop, ["ALL"], label(e, `${name}: CapDrop`));
      assert.equal(info.HostConfig.CapAdd, null, label(e, `${name}: CapAdd`));
      assert.equal(info.HostConfig.Privileged, false, label(e, `${name}: Privileged`));
      assert.deepEqual(info.HostConfig.SecurityOpt, ["no-new-privileges:true"], label(e, `${name}: SecurityOpt`));
      assert.equal(info.HostConfig.PidsLimit, svc.limits.pids, label(e, `${name}: PidsLimit`));
      assert.equal(info.HostConfig.Memory, svc.limits.memoryMiB * 1024 * 1024, label(e, `${name}: Memory`));
      assert.equal(
        info.HostConfig.MemorySwap,
        memoryWithSwapMiB(svc.limits) * 1024 * 1024,
        label(e, `${name}: MemorySwap (no swap)`),
      );
      assert.equal(info.HostConfig.NanoCpus, Math.round(svc.limits.cpus * 1e9), label(e, `${name}: NanoCpus`));
      assert.deepEqual(info.Config.Healthcheck?.Test, svc.healthcheck.test, label(e, `${name}: healthcheck`));
      assert.equal(info.State.Health?.Status, "healthy", label(e, `${name}: health`));
      await assert.rejects(exec(name, ["touch", "/usr/probe-write"]), label(e, `${name}: writing to / must fail`));
    }
  });

  test("no container mounts the Docker socket, and every bind mount is read-only", async () => {
    const e = env();
    for (const svc of e.model.services) {
      const mounts = (await inspect(e.container(svc.name))).Mounts;
      assert.equal(
        mounts.some((m) => m.Source.includes("docker.sock") || m.Destination.includes("docker.sock")),
        false,
        label(e, svc.name),
      );
      for (const m of mounts.filter((m) => m.Type === "bind"))
        assert.equal(m.RW, false, label(e, `${svc.name}: ${m.Destination} writable`));
    }
  });

  test("only the proxy publishes a port, and only on 127.0.0.1", async () => {
    const e = env();
    for (const svc of e.model.services) {
      const info = await inspect(e.container(svc.name));
      const bindings = Object.values(info.HostConfig.PortBindings ?? {}).flatMap((b) => b ?? []);
      const expected = svc.role === "proxy" ? [{ HostIp: "127.0.0.1", HostPort: String(new URL(e.url).port) }] : [];
      assert.deepEqual(bindings, expected, label(e, `${svc.name}: published ports`));
    }
  });

  test("no secret appears in what was rendered to deploy it or in any container's environment", async () => {
    const e = env();
    const artifacts = await e.renderedArtifacts();
    for (const secret of e.model.secrets) {
      const value = await e.secretValue(secret.name);
      const probe = secret.name === "tls_pem" ? keyLine(value) : value;
      assert.ok(probe && probe.length >= 16, label(e, `${secret.name}: a value to look for`));
      for (const a of artifacts) assert.equal(a.text.includes(probe), false, label(e, `${secret.name} in ${a.what}`));
      for (const svc of e.model.services) {
        const containerEnv = (await inspect(e.container(svc.name))).Config.Env.join("\n");
        assert.equal(containerEnv.includes(probe), false, label(e, `${secret.name} in ${svc.name} env`));
      }
    }
  });
}

/**
 * One line of the private key's body (a rendered artifact escapes newlines, so a single line is what can
 * be found). The certificate beside it is public: Pulumi stacks output it for clients to trust.
 */
function keyLine(pem: string): string {
  const body = /-----BEGIN [A-Z ]*PRIVATE KEY-----\n([^\n]+)\n/.exec(pem)?.[1];
  if (!body) throw new Error("tls_pem holds no PRIVATE KEY block");
  return body;
}
