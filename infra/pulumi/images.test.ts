import assert from "node:assert/strict";
import { test } from "vitest";
import { parseStackConfig } from "../config/load.js";
import { ImageResolutionError } from "./errors.js";
import { imageEnvName, resolveImages } from "./images.js";
import { builtImageEnv, rawStackConfig } from "./testing/stacks.js";

const cfgOf = (stack: string, overrides: Record<string, unknown> = {}) =>
  parseStackConfig(rawStackConfig(stack, overrides), stack);

test("registry images come from the stack file, one per role", () => {
  const images = resolveImages("prod", cfgOf("prod"), {});
  assert.equal(
    images.api,
    "registry.example.internal/verifier/api@sha256:1111111111111111111111111111111111111111111111111111111111111111",
  );
  assert.equal(
    images.backup,
    "registry.example.internal/verifier/backup@sha256:7777777777777777777777777777777777777777777777777777777777777777",
  );
  assert.deepEqual(Object.keys(images).sort(), [
    "api",
    "backup",
    "postgres",
    "prometheus",
    "proxy",
    "redis",
    "sandbox",
  ]);
});

test("built images come from VERIFIER_IMAGE_<ROLE>, ignoring stray variables", () => {
  const images = resolveImages("local", cfgOf("local"), { ...builtImageEnv(), VERIFIER_IMAGE_OTHER: "x" });
  assert.equal(images.proxy, "verifier/proxy:build-0123456789ab");
  assert.equal(Object.keys(images).length, 7);
  assert.equal(imageEnvName("prometheus"), "VERIFIER_IMAGE_PROMETHEUS");
});

test("every missing built image is named at once, with the fix", () => {
  const env = builtImageEnv();
  delete env.VERIFIER_IMAGE_API;
  delete env.VERIFIER_IMAGE_REDIS;
  assert.throws(
    () => resolveImages("drills", cfgOf("drills"), env),
    (err: unknown) => {
      assert.ok(err instanceof ImageResolutionError);
      assert.equal(err.code, "IMAGES_UNRESOLVED");
      assert.deepEqual(err.missing, ["VERIFIER_IMAGE_API", "VERIFIER_IMAGE_REDIS"]);
      assert.match(
        err.message,
        /^Pulumi\.drills\.yaml: images\.source is "build" but VERIFIER_IMAGE_API, VERIFIER_IMAGE_REDIS are not set/,
      );
      assert.match(err.message, /Run the image builder first/);
      return true;
    },
  );
});

test("a disabled sandbox needs no sandbox image", () => {
  const env = builtImageEnv();
  delete env.VERIFIER_IMAGE_SANDBOX;
  const images = resolveImages("local", cfgOf("local", { sandbox: { enabled: false } }), env);
  assert.equal("sandbox" in images, false);
  assert.equal(Object.keys(images).length, 6);
});
