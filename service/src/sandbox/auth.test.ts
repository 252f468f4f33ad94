import assert from "node:assert/strict";
import { it } from "vitest";
import { bearerMatches } from "./auth.js";

const TOKEN = "0123456789abcdef0123";

it("accepts exactly 'Bearer <token>' and nothing else", () => {
  assert.equal(bearerMatches(`Bearer ${TOKEN}`, TOKEN), true);
  for (const header of [
    undefined,
    "",
    TOKEN,
    `bearer ${TOKEN}`,
    `Bearer ${TOKEN}x`,
    `Bearer ${TOKEN.slice(1)}`,
    `Bearer  ${TOKEN}`,
    "Bearer ",
  ]) {
    assert.equal(bearerMatches(header, TOKEN), false, String(header));
  }
});
