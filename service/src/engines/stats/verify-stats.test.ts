import assert from "node:assert/strict";
import { describe, it } from "vitest";
import type { Verdict } from "../verdict.js";
import type { SandboxClient, SandboxRequest, SandboxResponse } from "./sandbox-client.js";
import { verifyStats } from "./verify-stats.js";

const X = [2, 4, 4, 4, 5, 5, 7, 9];
const CSV = "x,y\n1,2\n2,4\n3,5\n4,4\n5,5\n";
const ev = (v: Verdict) => v.evidence as Record<string, any>;
const brief = (v: Verdict) => [v.status, v.reason];

const claim = (statistic: string, value: number, extra: Record<string, unknown> = {}) =>
  verifyStats({ data: { x: X }, claim: { statistic, column: "x", value, ...extra } as never }, undefined);

describe("verifyStats: statistics against hand-computed figures", () => {
  // x = 2 4 4 4 5 5 7 9: sum 40, mean 5, squared deviations 9+1+1+1+0+0+4+16 = 32.
  const cases: Array<[string, number, Record<string, unknown>]> = [
    ["mean", 5, {}],
    ["median", 4.5, {}],
    ["mode", 4, {}],
    ["variance", 4, { sample: false }],
    ["stdev", 2, { sample: false }],
    ["variance", 32 / 7, {}],
    ["stdev", Math.sqrt(32 / 7), {}],
    ["percentile", 4, { p: 25 }],
    ["percentile", 7.6, { p: 90 }],
    ["percentile", 9, { p: 100 }],
  ];
  for (const [statistic, value, extra] of cases) {
    it(`${statistic} ${JSON.stringify(extra)} = ${value} is VERIFIED`, async () =>
      assert.deepEqual(brief(await claim(statistic, value, extra)), ["VERIFIED", null]));
  }

  it("reports computed, claimed, tolerance, n and method; variance says it is the sample one by default", async () => {
    const v = await claim("variance", 4.571428571428571);
    assert.deepEqual(ev(v), {
      statistic: "variance",
      column: "x",
      sample: true,
      divisor: "n - 1 (sample)",
      n: 8,
      computed: 32 / 7,
      computed_text: "32/7",
      claimed: 4.571428571428571,
      tolerance: 1e-9,
      method: "exact-rational",
      engine: "stats",
    });
  });

  it("a wrong value is UNVERIFIABLE CLAIM_FALSE; the population variance is not the sample one", async () => {
    assert.deepEqual(brief(await claim("mean", 5.1)), ["UNVERIFIABLE", "CLAIM_FALSE"]);
    assert.deepEqual(brief(await claim("variance", 4)), ["UNVERIFIABLE", "CLAIM_FALSE"]);
    assert.deepEqual(brief(await claim("mean", 5.1, { tolerance: 0.1 })), ["VERIFIED", null]);
  });

  it("regression and correlation over CSV: slope 0.6, intercept 2.2, r = 6/sqrt(60)", async () => {
    const run = (statistic: string, value: number) =>
      verifyStats({ data: CSV, claim: { statistic, column: "x", column2: "y", value } as never }, undefined);
    assert.deepEqual(brief(await run("regression_slope", 0.6)), ["VERIFIED", null]);
    assert.deepEqual(brief(await run("regression_intercept", 2.2)), ["VERIFIED", null]);
    const r = await run("correlation", 0.7745966692414834);
    assert.deepEqual(brief(r), ["VERIFIED", null]);
    assert.equal(ev(r).method, "bignumber-64-digits");
  });

  it("a multimodal column is UNVERIFIABLE AMBIGUOUS listing the modes", async () => {
    const v = await verifyStats(
      { data: { x: [1, 1, 2, 2, 3] }, claim: { statistic: "mode", column: "x", value: 1 } },
      undefined,
    );
    assert.deepEqual(brief(v), ["UNVERIFIABLE", "AMBIGUOUS"]);
    assert.deepEqual(ev(v).modes, ["1", "2"]);
  });

  it("bad CSV and unknown or non-numeric columns are BLOCKED PARSE_ERROR naming the column", async () => {
    const missing = await verifyStats({ data: CSV, claim: { statistic: "mean", column: "z", value: 1 } }, undefined);
    assert.deepEqual(brief(missing), ["BLOCKED", "PARSE_ERROR"]);
    assert.equal(missing.message, 'column "z" not found; available: x, y');
    const text = await verifyStats(
      { data: "a,b\n1,x\n", claim: { statistic: "mean", column: "b", value: 1 } },
      undefined,
    );
    assert.equal(text.message, 'column "b" row 1: "x" is not a number');
    assert.deepEqual(
      brief(await verifyStats({ data: "a,b\n1\n", claim: { statistic: "mean", column: "a", value: 1 } }, undefined)),
      ["BLOCKED", "PARSE_ERROR"],
    );
  });

  it("missing column2 or p is INVALID_INPUT", async () => {
    assert.deepEqual(brief(await claim("correlation", 1)), ["BLOCKED", "INVALID_INPUT"]);
    assert.deepEqual(brief(await claim("percentile", 1)), ["BLOCKED", "INVALID_INPUT"]);
  });
});

describe("verifyStats: code claims run only in the injected sandbox", () => {
  const fake = (response: SandboxResponse | Error) => {
    const requests: SandboxRequest[] = [];
    const client: SandboxClient = {
      execute: async (request) => {
        requests.push(request);
        if (response instanceof Error) throw response;
        return response;
      },
    };
    return { client, requests };
  };
  const codeClaim = (sandbox: SandboxClient | undefined, expected?: number) =>
    verifyStats(
      {
        data: CSV,
        claim: { code: "sum(data['x'])", language: "python", ...(expected === undefined ? {} : { expected }) },
      },
      sandbox === undefined ? undefined : { sandbox },
    );

  it("sends the code and the columns, and VERIFIES a matching result", async () => {
    const { client, requests } = fake({ status: "ok", result: 15, stdout: "", duration_ms: 4 });
    assert.deepEqual(brief(await codeClaim(client, 15)), ["VERIFIED", null]);
    assert.deepEqual(requests, [
      { language: "python", code: "sum(data['x'])", data: { x: [1, 2, 3, 4, 5], y: [2, 4, 5, 4, 5] } },
    ]);
  });

  it("a different result is CLAIM_FALSE; without expected the result must be true", async () => {
    assert.deepEqual(
      brief(await codeClaim(fake({ status: "ok", result: 14, stdout: "", duration_ms: 4 }).client, 15)),
      ["UNVERIFIABLE", "CLAIM_FALSE"],
    );
    assert.deepEqual(brief(await codeClaim(fake({ status: "ok", result: true, stdout: "", duration_ms: 4 }).client)), [
      "VERIFIED",
      null,
    ]);
    assert.deepEqual(brief(await codeClaim(fake({ status: "ok", result: 1, stdout: "", duration_ms: 4 }).client)), [
      "UNVERIFIABLE",
      "CLAIM_FALSE",
    ]);
  });

  it("sandbox errors and timeouts are reported as CODE_ERROR and TIMEOUT", async () => {
    assert.deepEqual(
      brief(await codeClaim(fake({ status: "error", result: null, stdout: "Traceback", duration_ms: 4 }).client, 1)),
      ["UNVERIFIABLE", "CODE_ERROR"],
    );
    assert.deepEqual(
      brief(await codeClaim(fake({ status: "timeout", result: null, stdout: "", duration_ms: 5000 }).client, 1)),
      ["UNVERIFIABLE", "TIMEOUT"],
    );
  });

  it("no client, or a connection error, is BLOCKED SANDBOX_UNAVAILABLE", async () => {
    assert.deepEqual(brief(await codeClaim(undefined, 15)), ["BLOCKED", "SANDBOX_UNAVAILABLE"]);
    const refused = await codeClaim(fake(new Error("connect ECONNREFUSED 127.0.0.1:8081")).client, 15);
    assert.deepEqual(brief(refused), ["BLOCKED", "SANDBOX_UNAVAILABLE"]);
    assert.equal(refused.message, "the sandbox could not be reached: connect ECONNREFUSED 127.0.0.1:8081");
  });
});

describe("verifyStats: sandbox client from src/sandbox", () => {
  it("a refused job (SANDBOX_REQUEST_REJECTED) is BLOCKED INVALID_INPUT", async () => {
    const rejected = Object.assign(new Error("sandbox refused the job (400): code too long"), {
      code: "SANDBOX_REQUEST_REJECTED",
    });
    const client: SandboxClient = {
      execute: async () => {
        throw rejected;
      },
    };
    const v = await verifyStats(
      { data: { x: [1] }, claim: { code: "x", language: "javascript" } },
      { sandbox: client },
    );
    assert.deepEqual(
      [v.status, v.reason, v.message],
      ["BLOCKED", "INVALID_INPUT", "the sandbox refused the job: sandbox refused the job (400): code too long"],
    );
  });
});
