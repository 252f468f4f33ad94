import { afterAll, beforeAll, test } from "vitest";
import assert from "node:assert/strict";
import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { z } from "zod";
import { httpsRequest } from "../../infra/local/https.js";
import type { UpResult } from "../../infra/local/up.js";
import { IDEMPOTENCY_KEY_HEADER, KEYED_POSTS, REPEATABLE_POSTS } from "../../infra/model/replays.js";
import { $ } from "zx";
import { adminKey, REPO_ROOT, useStack } from "../support/instance.js";
import { createKeys } from "../support/pulumiOps.js";
import { ensureSchemathesis } from "../support/schemathesis.js";

/**
 * schemathesis (a well-kept property-based API fuzzer, from PyPI) against the OpenAPI document the live
 * stack serves, through the proxy's TLS listener with an operator key: every operation, generated valid
 * and invalid requests, a fixed seed and a bounded number of examples per operation. Every check it
 * has that needs no stateful links must pass: no 5xx, every status and body as documented, invalid
 * input refused, valid input accepted, unsupported methods answered 405 with Allow, auth enforced. The
 * test instance raises its rate limits (tests/support/instance.ts) so the requests reach the routes'
 * logic instead of a 429, and the run must report no rate limiting.
 */
const CHECKS = [
  "not_a_server_error",
  "status_code_conformance",
  "content_type_conformance",
  "response_headers_conformance",
  "response_schema_conformance",
  "negative_data_rejection",
  "positive_data_acceptance",
  "missing_required_header",
  "unsupported_method",
  "allow_header_conformance",
  "ignored_auth",
];
const MAX_EXAMPLES = 20;
const SEED = 20261207;
/** Per-operation settings, each explained where it is set. */
const CONFIG = join(REPO_ROOT, "tests", "fuzz", "schemathesis.toml");
/** The failures accepted for now, each explained in tests/fuzz/README.md; a failure not in it fails the test. */
const BASELINE = join(REPO_ROOT, "tests", "fuzz", "baseline.json");

const reportSchema = z.object({
  complete: z.boolean(),
  operations: z.object({ total: z.number(), tested: z.number(), errored: z.number() }),
  test_cases: z.object({ generated: z.number() }),
  failures: z.array(
    z.object({ code: z.string(), title: z.string(), count: z.number(), operations: z.array(z.string()) }),
  ),
  errors: z.array(z.unknown()),
  warnings: z.object({ rate_limited: z.array(z.unknown()) }).loose(),
  baseline: z.object({ new: z.number(), unobserved_ids: z.array(z.string()) }),
});

let stack: UpResult;
let cli: string[];
let key: string;
let dir: string;

beforeAll(async () => {
  stack = await useStack();
  cli = await ensureSchemathesis(REPO_ROOT);
  [key] = (await createKeys(stack.url, stack.caFile, adminKey(), ["operator"], "fuzz")) as [string];
  dir = mkdtempSync(join(tmpdir(), "fuzz-api-"));
}, 600_000);

afterAll(() => {
  if (dir !== undefined) rmSync(dir, { recursive: true, force: true });
});

test("schemathesis finds no 5xx, no undocumented answer and no check failing on any operation", {
  timeout: 900_000,
}, async () => {
  const argv = [...cli, "--config-file", CONFIG, "run", `${stack.url}/openapi.json`, "--tls-verify", stack.caFile]
    .concat(["--header", `x-api-key: ${key}`, "--checks", CHECKS.join(","), "--max-examples", String(MAX_EXAMPLES)])
    // One worker: with two, hypothesis 6.170 failed its own lambda bookkeeping ("AST constructor recursion depth mismatch").
    .concat(["--seed", String(SEED), "--workers", "1", "--request-timeout", "30", "--no-color", "--baseline", BASELINE])
    .concat(["--report", "json", "--report-dir", dir])
    // Hypothesis's own check that generating data is fast enough measures this host's load, not the API.
    .concat(["--suppress-health-check", "too_slow"]);
  // zx directly, not infra/exec/run: schemathesis reports on stdout and exits 1 on a failure, and the
  // argv (which holds the key) must not end up in an error message. In the temp folder: schemathesis
  // keeps a cache (.schemathesis/) where it runs.
  const out = (await $({ nothrow: true, quiet: true, timeout: "840s", cwd: dir })`${argv}`).stdout;
  const [file] = readdirSync(dir).filter((f) => f.endsWith(".json"));
  assert.ok(file !== undefined, `schemathesis wrote no JSON report; it printed:\n${out.slice(-4000)}`);
  const report = reportSchema.parse(JSON.parse(readFileSync(join(dir, file), "utf8")));
  const found = {
    failures: report.failures.map((f) => `${f.code} ${f.title} ×${f.count}: ${f.operations.join(", ")}`),
    errors: report.errors.length,
    rateLimited: report.warnings.rate_limited.length,
    complete: report.complete,
    untested: report.operations.total - report.operations.tested,
    newSinceBaseline: report.baseline.new,
  };
  // The seed fixes the data, not every path: the stateful phase infers links from what the instance
  // holds, so an accepted failure is not met in every run (CI: 1,123 cases, one entry unmet; here 1,071).
  // Unmet entries are printed; one unmet run after run is fixed: take it out (and its README line).
  if (report.baseline.unobserved_ids.length > 0)
    console.log(`fuzz-api: baseline entries not met this run: ${report.baseline.unobserved_ids.join(", ")}`);
  assert.deepEqual(
    found,
    {
      failures: [],
      errors: 0,
      rateLimited: 0,
      complete: true,
      untested: 0,
      newSinceBaseline: 0,
    },
    `schemathesis (${report.test_cases.generated} cases) printed:\n${out.slice(Math.max(0, out.indexOf("= FAILURES =") - 40)).slice(0, 20_000)}`,
  );
  assert.ok(report.operations.total >= 10, `only ${report.operations.total} operations in the served document`);
});

test("every route the proxy may replay is a POST of the served document; a keyed one documents Idempotency-Key", async () => {
  const document = JSON.parse((await httpsRequest(`${stack.url}/openapi.json`, { caFile: stack.caFile })).body) as {
    paths: Record<string, { post?: { parameters?: { in: string; name: string }[] } }>;
  };
  const headersOf = (path: string) => {
    const post = document.paths[path]?.post;
    return post === undefined ? null : (post.parameters ?? []).filter((p) => p.in === "header").map((p) => p.name);
  };
  assert.deepEqual(
    [...REPEATABLE_POSTS, ...KEYED_POSTS].map((path) => [path, headersOf(path)]),
    [...REPEATABLE_POSTS.map((path) => [path, []]), ...KEYED_POSTS.map((path) => [path, [IDEMPOTENCY_KEY_HEADER]])],
  );
});
