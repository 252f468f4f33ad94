import assert from "node:assert/strict";
import { ConfigError } from "../errors.js";
import { parseStackConfig } from "../load.js";

/** The problems a parse of `keys` reports, one line each (`path | received | allowed`); fails if it parses. */
export function problems(keys: Record<string, unknown>): string[] {
  try {
    parseStackConfig(keys, "Pulumi.test.yaml");
  } catch (err) {
    assert.ok(err instanceof ConfigError);
    return err.problems.map((p) => `${p.path} | ${p.received} | ${p.allowed}`);
  }
  assert.fail("expected a ConfigError");
}
