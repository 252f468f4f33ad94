import assert from "node:assert/strict";
import { describe, it } from "vitest";
import { describeIssues, jobRequestSchema, resolveLimits } from "./jobSchema.js";

const MAXIMA = { wallMs: 5000, memoryMib: 128, outputBytes: 65536, outputLines: 1000 };
const schema = jobRequestSchema(MAXIMA);

describe("jobRequestSchema", () => {
  it("accepts a minimal job and resolves omitted limits to the maxima", () => {
    const parsed = schema.parse({ language: "python", code: "1" });
    assert.deepEqual(resolveLimits(parsed.limits, MAXIMA), {
      wall_ms: 5000,
      memory_mib: 128,
      output_bytes: 65536,
      output_lines: 1000,
    });
    assert.deepEqual(resolveLimits({ wall_ms: 10 }, MAXIMA).wall_ms, 10);
  });

  it("names the field and the configured maximum of every limit above it", () => {
    const result = schema.safeParse({
      language: "javascript",
      code: "1",
      limits: { wall_ms: 5001, memory_mib: 4096, output_bytes: 65536 },
    });
    assert.equal(result.success, false);
    assert.deepEqual(describeIssues(result.error!), [
      { path: "limits.wall_ms", message: "wall_ms must be at most 5000 ms (the configured maximum)" },
      { path: "limits.memory_mib", message: "memory_mib must be at most 128 MiB (the configured maximum)" },
    ]);
  });

  it("rejects unknown fields, unknown languages and empty code", () => {
    const result = schema.safeParse({ language: "ruby", code: "", extra: 1 });
    assert.deepEqual(
      describeIssues(result.error!)
        .map((i) => i.path)
        .sort(),
      ["(body)", "code", "language"],
    );
  });
});
