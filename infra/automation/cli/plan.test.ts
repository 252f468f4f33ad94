import assert from "node:assert/strict";
import { test } from "vitest";
import { cliPlan, stackArg } from "./plan.js";

test("stack: --stack x, -s x, --stack=x, or none", () => {
  assert.equal(stackArg(["up", "--stack", "local", "--yes"]), "local");
  assert.equal(stackArg(["up", "-s", "prod"]), "prod");
  assert.equal(stackArg(["preview", "--stack=drills"]), "drills");
  assert.equal(stackArg(["stack", "output", "url"]), undefined);
});

test("repository conventions without the caller's backend or passphrase", () => {
  assert.deepEqual(cliPlan("/repo", ["up", "--stack", "local", "--yes"], { PATH: "/usr/bin" }, "/cache/engine/bin"), {
    args: ["up", "--stack", "local", "--yes"],
    stack: "local",
    runsProgram: true,
    env: {
      PATH: "/cache/engine/bin:/usr/bin",
      PULUMI_BACKEND_URL: "file:///repo/.pulumi-state",
      PULUMI_SKIP_UPDATE_CHECK: "true",
      PULUMI_CONFIG_PASSPHRASE_FILE: "/repo/.local/pulumi/passphrase",
    },
    passphraseFile: "/repo/.local/pulumi/passphrase",
  });
});

test("the caller's backend and passphrase win; commands that do not run the program build no images", () => {
  const env = { PATH: "/usr/bin", PULUMI_BACKEND_URL: "s3://bucket", PULUMI_CONFIG_PASSPHRASE: "pp" };
  assert.deepEqual(cliPlan("/repo", ["stack", "output", "url"], env, "/e"), {
    args: ["stack", "output", "url"],
    runsProgram: false,
    env: { PATH: "/e:/usr/bin", PULUMI_BACKEND_URL: "s3://bucket", PULUMI_SKIP_UPDATE_CHECK: "true" },
  });
  assert.equal(cliPlan("/repo", ["--non-interactive", "preview"], env, "/e").runsProgram, true);
  assert.equal(cliPlan("/repo", ["stack", "select", "--create", "local"], env, "/e").runsProgram, false);
});
