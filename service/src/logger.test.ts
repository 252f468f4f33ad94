import assert from "node:assert/strict";
import { describe, it } from "vitest";
import { Secret } from "./config.js";
import { createLogger, redactKeys } from "./logger.js";

function capture(): { lines: Array<Record<string, unknown>>; write: (line: string) => void } {
  const lines: Array<Record<string, unknown>> = [];
  return { lines, write: (line) => void lines.push(JSON.parse(line) as Record<string, unknown>) };
}

describe("createLogger", () => {
  it("writes JSON lines with the service bindings", () => {
    const out = capture();
    createLogger({ level: "info", base: { colour: "green", version: "1.2.3" } }, out).info({ route: "/x" }, "hello");
    assert.equal(out.lines.length, 1);
    assert.deepEqual(
      {
        colour: out.lines[0]?.colour,
        version: out.lines[0]?.version,
        route: out.lines[0]?.route,
        msg: out.lines[0]?.msg,
        level: out.lines[0]?.level,
      },
      { colour: "green", version: "1.2.3", route: "/x", msg: "hello", level: 30 },
    );
  });

  it("redacts credential headers of a logged request", () => {
    const out = capture();
    const headers = { authorization: "Bearer abc", "x-api-key": "key-1", cookie: "sid=1", accept: "application/json" };
    createLogger({}, out).info({ req: { method: "GET", headers } }, "request");
    assert.deepEqual(out.lines[0]?.req, {
      method: "GET",
      headers: {
        authorization: "[redacted]",
        "x-api-key": "[redacted]",
        cookie: "[redacted]",
        accept: "application/json",
      },
    });
  });

  it("redacts sensitive field names at any depth, in child bindings, and Secret values", () => {
    const out = capture();
    const logger = createLogger({}, out).child({ sessionToken: "t-1" }).child({ refreshToken: "t-2", scope: "s" });
    logger.info({
      user: { dbPassword: "p", name: "ann", keys: [{ apiKey: "k", clientSecret: "s" }] },
      held: new Secret("s".repeat(16)),
    });
    const line = out.lines[0] as Record<string, unknown>;
    assert.deepEqual([line.sessionToken, line.refreshToken, line.scope], ["[redacted]", "[redacted]", "s"]);
    assert.deepEqual(line.user, {
      dbPassword: "[redacted]",
      name: "ann",
      keys: [{ apiKey: "[redacted]", clientSecret: "[redacted]" }],
    });
    assert.equal(line.held, "[redacted]");
  });

  it("honours the level", () => {
    const out = capture();
    const logger = createLogger({ level: "warn" }, out);
    logger.info("dropped");
    logger.warn("kept");
    assert.deepEqual(
      out.lines.map((line) => line.msg),
      ["kept"],
    );
  });
});

describe("redactKeys", () => {
  it("leaves class instances to their serialisers and cuts very deep values", () => {
    const error = new Error("boom");
    let deep: Record<string, unknown> = { leaf: 1 };
    for (let i = 0; i < 10; i += 1) deep = { inner: deep };
    const copy = redactKeys({ err: error, deep }, 0) as { err: unknown; deep: Record<string, unknown> };
    assert.equal(copy.err, error);
    assert.match(JSON.stringify(copy.deep), /"\[too deep\]"/);
  });
});
