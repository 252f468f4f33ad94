import assert from "node:assert/strict";
import { test } from "vitest";
import * as pulumi from "@pulumi/pulumi";
import { ConfigError } from "../config/errors.js";
import { parseStackConfig } from "../config/load.js";
import { buildModel } from "../model/build.js";
import { renderDocker } from "./docker/render.js";
import { ImageResolutionError } from "./errors.js";
import { resolveImages } from "./images.js";
import { renderKubernetes } from "./kubernetes/render.js";
import { program } from "./program.js";
import { declarationError } from "./testing/harness.js";
import { rawStackConfig, secretConfig } from "./testing/stacks.js";

const { config, secretKeys } = secretConfig();

test("a build stack without VERIFIER_IMAGE_* fails before any resource, naming every variable", async () => {
  const err = await declarationError("local", config, secretKeys, () => program("local", rawStackConfig("local"), {}));
  assert.ok(err instanceof ImageResolutionError);
  assert.equal(err.missing.length, 7);
});

test("the schema refuses a prod tag before the program renders anything", async () => {
  const raw = rawStackConfig("prod", {
    images: { ...(rawStackConfig("prod").images as object), api: "registry.example.internal/verifier/api:1.0" },
  });
  const err = await declarationError("prod", config, secretKeys, () => program("prod", raw, {}));
  assert.ok(err instanceof ConfigError);
  assert.equal(err.problems[0]!.path, "verifier:images.api");
});

/** A prod model whose green release is a tag: only a program change could produce it; the code guard still stops it. */
function prodModelWithTag(target: "docker" | "kubernetes") {
  const cfg = parseStackConfig(rawStackConfig("prod", { target }), "prod");
  const images = resolveImages("prod", cfg, {});
  return {
    model: buildModel("prod", { ...cfg, releases: { green: "registry.example.internal/verifier/api:latest" } }, images),
    images,
  };
}

for (const target of ["docker", "kubernetes"] as const) {
  test(`${target}: a tag on prod is refused by a ResourceError naming the image and the fix`, async () => {
    const { model, images } = prodModelWithTag(target);
    const render = target === "docker" ? renderDocker : renderKubernetes;
    const err = await declarationError("prod", config, secretKeys, () => render(model, images));
    assert.ok(err instanceof pulumi.ResourceError);
    assert.match(
      err.message,
      /^prod image "registry\.example\.internal\/verifier\/api:latest" is not pinned by digest; allowed: name@sha256:<64 hex>\. Set the digest in Pulumi\.prod\.yaml/,
    );
  });
}
