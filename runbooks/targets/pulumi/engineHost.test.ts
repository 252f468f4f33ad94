import assert from "node:assert/strict";
import { test } from "vitest";
import { RunbookError } from "../../cli/errors.js";
import { assertSameEngine, DEFAULT_ENGINE } from "./engineHost.js";

const refused = (exported: string, env: NodeJS.ProcessEnv) => {
  try {
    assertSameEngine("staging", exported, env);
  } catch (e) {
    assert.ok(e instanceof RunbookError);
    return [e.code, e.message];
  }
  return "accepted";
};

test("a stack without docker:host, or one on the engine DOCKER_HOST names, is accepted", () => {
  assert.equal(refused(undefined as unknown as string, { DOCKER_HOST: "ssh://elsewhere" }), "accepted");
  assert.equal(refused("ssh://ops@db1", { DOCKER_HOST: "ssh://ops@db1/" }), "accepted");
  assert.equal(refused(DEFAULT_ENGINE, {}), "accepted");
});

test("a stack on another engine is refused with the code, both engines and the export that fixes it", () => {
  assert.deepEqual(refused("ssh://ops@db1", {}), [
    "ENGINE_MISMATCH",
    "staging: the stack provisions on the Docker engine ssh://ops@db1 (its docker:host), but this shell's docker CLI talks to unix:///var/run/docker.sock (DOCKER_HOST unset); run `export DOCKER_HOST=ssh://ops@db1` and retry",
  ]);
  assert.deepEqual(refused("ssh://ops@db1", { DOCKER_HOST: "tcp://127.0.0.1:2375" })[0], "ENGINE_MISMATCH");
});
