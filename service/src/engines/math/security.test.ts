import assert from "node:assert/strict";
import { describe, it } from "vitest";
import { verifyMath } from "./verify-math.js";

const verdictOf = async (expression: string) => {
  const v = await verifyMath({ expression }, undefined);
  return [v.status, v.reason];
};

describe("verifyMath: whitelist", () => {
  for (const attack of ["__import__('os').system('id')", "open('/etc/passwd')", '"".__class__']) {
    it(`refuses ${attack} as UNSAFE_INPUT before evaluation`, async () => {
      assert.deepEqual(await verdictOf(attack), ["BLOCKED", "UNSAFE_INPUT"]);
    });
  }

  const refused = [
    "import(x)",
    "createUnit(x)",
    "evaluate(x)",
    "parse(x)",
    "simplify(x)",
    "derivative(x)",
    "x.constructor",
    "f(x) = x",
    "a = 2 = 3",
    "[1, 2]",
    "{a: 1}",
    "x ? 1 : 2",
    "1:3",
    "2 cm to inch",
    "x; y",
    "cos.constructor",
    "constructor",
    "toString",
    "i",
    "Infinity",
    "x!",
    "5 % 2",
    "f(x)",
    "e.x",
  ];
  for (const attack of refused) {
    it(`refuses ${JSON.stringify(attack)} without evaluating it`, async () => {
      const [status, reason] = await verdictOf(attack);
      assert.equal(status, "BLOCKED");
      assert.ok(["UNSAFE_INPUT", "PARSE_ERROR"].includes(String(reason)), `${attack}: ${reason}`);
    });
  }

  it("names the offending function and what is allowed", async () => {
    const v = await verifyMath({ expression: "evaluate(1)" }, undefined);
    assert.match(
      v.message,
      /^function "evaluate" \(for a product write evaluate\*\(\.\.\.\)\) is not allowed; allowed: numbers/,
    );
  });

  it("bounds nesting: deep parentheses are BLOCKED, not a crash", async () => {
    const [status] = await verdictOf("(".repeat(900) + "1" + ")".repeat(900));
    assert.equal(status, "BLOCKED");
  });
});
