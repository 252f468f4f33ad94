import assert from "node:assert/strict";
import { existsSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test } from "vitest";
import { requirePulumiCli, whichPulumi } from "./cli.js";
import {
  cliFailure,
  DestroyNotConfirmedError,
  PassphraseMissingError,
  PulumiCliMissingError,
  StackLockedError,
} from "./errors.js";
import { destroy, outputs, preview, refresh, setConfig, up } from "./operations.js";
import type { Stack } from "@pulumi/pulumi/automation/index.js";
import { HostGuardError } from "../exec/hostGuard.js";
import { openStack, workspaceArgs, type AutomationDeps } from "./workspace.js";

/** The seam: records whether the Automation API would have been reached. */
function deps(which: AutomationDeps["which"] = whichPulumi) {
  const calls: unknown[] = [];
  return {
    calls,
    deps: {
      which,
      select: async (args: unknown) => {
        calls.push(args);
        throw new Error("not reached in these tests");
      },
    } satisfies AutomationDeps,
  };
}

const emptyRoot = () => mkdtempSync(join(tmpdir(), "verifier-automation-"));

test("which is real: it finds an executable pulumi on PATH, and nothing on a PATH without one", () => {
  const dir = emptyRoot();
  try {
    writeFileSync(join(dir, "pulumi"), "#!/bin/sh\nexit 0\n", { mode: 0o755 });
    assert.equal(whichPulumi({ PATH: `${dir}:/usr/bin:/bin` }), join(dir, "pulumi"));
    assert.equal(whichPulumi({ PATH: "/usr/bin:/bin" }), undefined);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test("every operation fails at once with PulumiCliMissingError naming the install page; nothing else happens", async () => {
  const root = emptyRoot();
  try {
    const env = { PATH: "/usr/bin:/bin", PULUMI_CONFIG_PASSPHRASE: "p" };
    const seam = deps();
    const options = { stack: "local", root, env };
    for (const run of [
      () => up(options, seam.deps),
      () => preview(options, seam.deps),
      () => refresh(options, seam.deps),
      () => outputs(options, seam.deps),
      () => destroy({ ...options, confirmed: true }, seam.deps),
      () => setConfig(options, { activeColour: { value: "green" } }, seam.deps),
    ]) {
      await assert.rejects(run, (err: unknown) => {
        assert.ok(err instanceof PulumiCliMissingError);
        assert.equal(err.code, "PULUMI_CLI_MISSING");
        assert.match(err.message, /https:\/\/www\.pulumi\.com\/docs\/install\//);
        assert.match(err.message, /PATH=\/usr\/bin:\/bin/);
        return true;
      });
    }
    assert.deepEqual(seam.calls, []);
    assert.equal(existsSync(join(root, ".pulumi-state")), false);
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});

test("the CLI check comes before the passphrase check", async () => {
  const seam = deps();
  await assert.rejects(
    openStack({ stack: "local", root: "/nonexistent-verifier-root", env: { PATH: "/bin" } }, seam.deps),
    PulumiCliMissingError,
  );
  assert.equal(existsSync("/nonexistent-verifier-root"), false);
  assert.throws(() => requirePulumiCli(() => undefined, {}), /PATH=\(unset\)/);
});

test("with a CLI but no passphrase: PassphraseMissingError, no state directory, no workspace", async () => {
  const root = emptyRoot();
  try {
    const seam = deps(() => "/opt/pulumi/bin/pulumi");
    await assert.rejects(
      openStack({ stack: "prod", root, env: { PATH: "/opt/pulumi/bin" } }, seam.deps),
      PassphraseMissingError,
    );
    assert.deepEqual(seam.calls, []);
    assert.equal(existsSync(join(root, ".pulumi-state")), false);
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});

test("destroy refuses without confirmation, before looking for the CLI", async () => {
  const seam = deps(() => {
    throw new Error("must not be asked");
  });
  await assert.rejects(destroy({ stack: "drills", confirmed: false }, seam.deps), DestroyNotConfirmedError);
});

test("workspace: file backend under the repository, passphrase secrets, the program's variables passed through", () => {
  const env = {
    PULUMI_CONFIG_PASSPHRASE: "pp",
    VERIFIER_IMAGE_API: "verifier/api:abc",
    DOCKER_HOST: "ssh://h",
    HOME: "/root",
    AWS_SECRET_ACCESS_KEY: "x",
  };
  assert.deepEqual(workspaceArgs({ stack: "staging", root: "/repo", env }), {
    stackName: "staging",
    workDir: "/repo",
    envVars: {
      VERIFIER_IMAGE_API: "verifier/api:abc",
      DOCKER_HOST: "ssh://h",
      PULUMI_BACKEND_URL: "file:///repo/.pulumi-state",
      PULUMI_SKIP_UPDATE_CHECK: "true",
      PULUMI_CONFIG_PASSPHRASE: "pp",
    },
    secretsProvider: "passphrase",
  });
  assert.deepEqual(
    workspaceArgs({ stack: "prod", root: "/repo", env: { PULUMI_CONFIG_PASSPHRASE_FILE: "/run/pp" } }).envVars,
    {
      PULUMI_BACKEND_URL: "file:///repo/.pulumi-state",
      PULUMI_SKIP_UPDATE_CHECK: "true",
      PULUMI_CONFIG_PASSPHRASE_FILE: "/run/pp",
    },
  );
  // A backend the caller chose, and the engine's PATH, reach the CLI as they are.
  const own = { PULUMI_CONFIG_PASSPHRASE: "pp", PULUMI_BACKEND_URL: "file:///tmp/state", PATH: "/engine/bin:/usr/bin" };
  assert.deepEqual(workspaceArgs({ stack: "local", root: "/repo", env: own }).envVars, {
    PATH: "/engine/bin:/usr/bin",
    PULUMI_BACKEND_URL: "file:///tmp/state",
    PULUMI_SKIP_UPDATE_CHECK: "true",
    PULUMI_CONFIG_PASSPHRASE: "pp",
  });
});

test("the production wiring (real which, real Automation API behind it) stops at the CLI check", async () => {
  const root = emptyRoot();
  try {
    await assert.rejects(
      up({ stack: "local", root, env: { PATH: "/usr/bin:/bin", PULUMI_CONFIG_PASSPHRASE: "p" } }),
      PulumiCliMissingError,
    );
    assert.equal(existsSync(join(root, ".pulumi-state")), false);
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});

test("a locked stack: one error naming the stack, who holds the lock and how to clear it; other failures unchanged", () => {
  const cli = new Error(
    "code: 255\n stderr: error: the stack is currently locked by 1 lock(s). Either wait for the other process(es) to end or delete the lock file with `pulumi cancel`.\n" +
      "  file:///tmp/state/.pulumi/locks/organization/verifier/local/0b1c.json: created by root@ci (pid 4242) at 2026-12-06T01:00:00Z",
  );
  const err = cliFailure("local", cli);
  assert.ok(err instanceof StackLockedError);
  assert.equal(err.code, "PULUMI_STACK_LOCKED");
  assert.match(
    err.message,
    /^pulumi local: the stack is locked \(file:\/\/\/tmp\/state\/\.pulumi\/locks\/organization\/verifier\/local\/0b1c\.json: created by root@ci \(pid 4242\) at 2026-12-06T01:00:00Z\)/,
  );
  assert.match(err.message, /`npm run pulumi -- cancel --stack local --yes` removes the lock/);
  const other = new Error("error: update failed");
  assert.equal(cliFailure("local", other), other);
});

test("up on a Docker-target stack loads the host guard before the engine runs; when it cannot, nothing is previewed or applied", async () => {
  const root = emptyRoot();
  try {
    writeFileSync(join(root, "Pulumi.local.yaml"), "config:\n  verifier:tier: local\n  verifier:target: docker\n");
    const engine: string[] = [];
    const stack = {
      preview: async () => engine.push("preview"),
      up: async () => engine.push("up"),
    } as unknown as Stack;
    const nftCalls: string[][] = [];
    const seam: AutomationDeps = {
      which: () => "/engine/bin/pulumi",
      select: async () => stack,
      nft: async (args) => {
        nftCalls.push(args);
        return { exitCode: 127, stdout: "", stderr: "nft: not found" };
      },
    };
    const env = { PATH: "/usr/bin:/bin", PULUMI_CONFIG_PASSPHRASE: "p" };
    await assert.rejects(up({ stack: "local", root, env }, seam), HostGuardError);
    assert.deepEqual([nftCalls, engine], [[["list", "table", "inet", "verifier_guard"]], []]);
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});
