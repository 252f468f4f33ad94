import assert from "node:assert/strict";
import { test } from "vitest";
import { digestRef, pushImages, RegistryError, remoteTag } from "./push.js";

const D = "sha256:" + "a".repeat(64);

test("remote tag and digest reference of a local image", () => {
  assert.equal(
    remoteTag("127.0.0.1:5000", "verifier/api:c1d00063cada60bc"),
    "127.0.0.1:5000/verifier/api:c1d00063cada60bc",
  );
  assert.equal(
    digestRef("127.0.0.1:5000", "verifier/api:c1d0", ["verifier/api@" + D, `127.0.0.1:5000/verifier/api@${D}`]),
    `127.0.0.1:5000/verifier/api@${D}`,
  );
  assert.throws(
    () => digestRef("127.0.0.1:5000", "verifier/api:c1d0", ["other/api@" + D]),
    /no digest of 127\.0\.0\.1:5000\/verifier\/api after the push/,
  );
});

test("a registry that does not answer is named with how to start one, before any push", async () => {
  const tags = { api: "verifier/api:x" } as Parameters<typeof pushImages>[0];
  await assert.rejects(pushImages(tags, "127.0.0.1:1"), (e: unknown) => {
    assert.ok(e instanceof RegistryError);
    assert.match(
      e.message,
      /registry 127\.0\.0\.1:1: nothing answers on http:\/\/127\.0\.0\.1:1\/v2\/\. Start the local one with `bash scripts\/host\/registry\.sh`/,
    );
    return true;
  });
});
