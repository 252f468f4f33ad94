import * as pulumi from "@pulumi/pulumi";
import { expect, test } from "vitest";
import { ConfigError } from "../config/errors.js";
import { ImageResolutionError } from "./errors.js";
import { programFailure } from "./programFailure.js";

test("a coded error of the program becomes a RunError without a stack, its code leading its message", () => {
  const config = new ConfigError("Pulumi.local.yaml", [
    { path: "verifier:httpsPort", received: '"eighty"', allowed: "a port" },
  ]);
  const failure = programFailure(config) as Error;
  expect(pulumi.RunError.isInstance(failure)).toBe(true);
  expect([failure.message, failure.stack]).toEqual([`CONFIG_INVALID: ${config.message}`, ""]);
  const images = programFailure(new ImageResolutionError("local", ["VERIFIER_IMAGE_API"])) as Error;
  expect(images.message).toMatch(
    /^IMAGES_UNRESOLVED: Pulumi\.local\.yaml: images\.source is "build" but VERIFIER_IMAGE_API/,
  );
});

test("anything else is a bug and is thrown as it was, stack and all", () => {
  const bug = new TypeError("cannot read properties of undefined");
  expect(programFailure(bug)).toBe(bug);
  expect(programFailure("a string")).toBe("a string");
  expect(programFailure(null)).toBe(null);
});
