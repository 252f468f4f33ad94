import assert from "node:assert/strict";
import { afterAll, beforeAll, describe, it } from "vitest";
import fc from "fast-check";
import type { Role } from "../security/roles.js";
import { startFakeSandbox, type FakeSandbox } from "../security/test-helpers/fake-sandbox.js";
import { openSecuredApp, type SecuredApp } from "../security/test-helpers/secured-app.js";

/**
 * Hostile input on every gated route, in-process: whatever arrives, the answer is never 5xx and
 * every refusal carries a stable code (not the handler's HTTP_4xx fallback). Seeded and bounded.
 * Overload shedding is off in test apps (testEnv): a 503 OVERLOADED would say nothing about the input.
 */
let api: SecuredApp;
let sandbox: FakeSandbox;
beforeAll(async () => {
  // What a job's code may return or print: text Postgres cannot store as it is (batch results are jsonb).
  sandbox = await startFakeSandbox({ status: "ok", result: ["6\u0000", "\ud800"], stdout: "\u0000", duration_ms: 1 });
  api = await openSecuredApp("fuzz", {
    SANDBOX_URL: sandbox.url,
    SANDBOX_TOKEN: "sandbox-token-0123456789",
    RATE_LIMIT_PER_KEY_PER_MINUTE: "1000000",
    RATE_LIMIT_GLOBAL_PER_MINUTE: "10000000",
  });
});
afterAll(async () => {
  await api.drop();
  await sandbox.close();
});

interface BodyRoute {
  url: string;
  role: Role;
  body: object;
}
const BODY_ROUTES: BodyRoute[] = [
  { url: "/verify/math", role: "analyst", body: { expression: "x + 1 = 1 + x", context: { x: 2 } } },
  { url: "/verify/logic", role: "analyst", body: { expression: "(AND (GT x 5) (LT x 3))" } },
  {
    url: "/verify/stats",
    role: "analyst",
    body: {
      data: { v: [1, 2, 3], w: [2, 4, 7] },
      claim: { statistic: "percentile", column: "v", column2: "w", p: 50, value: 2, tolerance: 0.1 },
    },
  },
  {
    url: "/verify/stats",
    role: "analyst",
    body: { data: "v\n1\n2", claim: { language: "python", code: "return 6", expected: [6, { a: 1.5 }], tolerance: 0 } },
  },
  { url: "/verify/natural_language", role: "analyst", body: { query: "What is 2 + 2?" } },
  { url: "/verify/consensus", role: "analyst", body: { expression: "1 + 1 = 2", timeout_ms: 2000 } },
  {
    url: "/verify/batch",
    role: "analyst",
    body: {
      items: [
        { engine: "math", input: { expression: "6 * 7" } },
        { engine: "stats", input: { data: { v: [1] }, claim: { language: "python", code: "return 6" } } },
      ],
    },
  },
  {
    url: "/sandbox/execute",
    role: "operator",
    body: {
      language: "python",
      code: "print(1)",
      data: { v: [1, { k: "s" }] },
      limits: { wall_ms: 100, memory_mib: 64, output_bytes: 1024 },
    },
  },
  { url: "/admin/keys", role: "admin", body: { name: "fuzz key", role: "viewer" } },
];

const nest = (levels: number, open: string, close: string) => `${open.repeat(levels)}1${close.repeat(levels)}`;
/** Raw JSON text, because 1e400 or a lone surrogate cannot be written as a JavaScript value and survive JSON.stringify. */
const HOSTILE_JSON = [
  "1e400",
  "-1e400",
  "1e-400",
  "-0",
  "123456789012345678901234567890",
  "9007199254740993",
  "[1e400]",
  '{"x":-1e999}',
  '"\\u0000"',
  '"code\\u0000"',
  '"\\ud800"',
  '"x\\udfff"',
  '{"\\u0000":1}',
  '{"\\ud800":[1]}',
  nest(10_000, "[", "]"),
  nest(100, '{"a":', "}"),
  nest(65, "[", "]"),
  nest(64, "[", "]"),
  '{"__proto__":{"x":1}}',
  '{"constructor":{"prototype":{"x":1}}}',
  "true",
  "null",
  "[]",
  "{}",
  '"1"',
  "0",
  "-1",
  "1.5",
  '"2026-01-01T00:00:00Z"',
  JSON.stringify("x".repeat(2_001)),
  JSON.stringify("😀".repeat(2_000)),
  JSON.stringify("a".repeat(1_040_000)),
];
const leaf = fc.oneof(
  fc.constantFrom(...HOSTILE_JSON),
  fc.json({ maxDepth: 3 }),
  fc.string({ unit: "binary", maxLength: 40 }).map((s) => JSON.stringify(s)),
);

/** Every place a value can go in `body`: each existing path, plus a new key in each object. */
function slots(value: unknown, path: string[] = []): string[][] {
  if (value === null || typeof value !== "object") return [path];
  const keys = Object.keys(value);
  const children = keys.flatMap((key) => slots((value as Record<string, unknown>)[key], [...path, key]));
  return [path, ...(Array.isArray(value) ? [] : [[...path, "extra"]]), ...children];
}

const HOLE = "\u0001hole\u0001";
/** `body` as JSON text with the value at `path` replaced by the raw JSON `raw`. */
function spliced(body: object, path: string[], raw: string): string {
  if (path.length === 0) return raw;
  const copy = structuredClone(body) as Record<string, unknown>;
  let holder = copy;
  for (const key of path.slice(0, -1)) holder = holder[key] as Record<string, unknown>;
  holder[path.at(-1)!] = HOLE;
  return JSON.stringify(copy).replace(JSON.stringify(HOLE), () => raw);
}

/** Text that reaches a path parameter or a query value: hostile escapes, raw bytes, long runs. */
const urlText = fc.oneof(
  fc.constantFrom(
    "%00",
    "%FF",
    "%C0%80",
    "%ED%A0%80",
    "%25",
    "%2F..%2F",
    "a%00b",
    "x".repeat(5_000),
    "1e400",
    "-1",
    "0",
    "%20",
    "",
  ),
  fc
    .uint8Array({ minLength: 1, maxLength: 12 })
    .map((bytes) => [...bytes].map((b) => `%${b.toString(16).padStart(2, "0")}`).join("")),
  fc.string({ maxLength: 20 }).map(encodeURIComponent),
);
const URL_ROUTES: { role: Role; method: "GET" | "DELETE"; url: (text: string) => string }[] = [
  { role: "admin", method: "DELETE", url: (text) => `/admin/keys/${text}` },
  { role: "analyst", method: "GET", url: (text) => `/verify/batch/${text}` },
  { role: "admin", method: "GET", url: (text) => `/admin/security/events?from=${text}&limit=${text}&format=${text}` },
  { role: "admin", method: "GET", url: (text) => `/admin/security/summary?to=${text}&${text}=1` },
];

type Injected = Awaited<ReturnType<SecuredApp["app"]["inject"]>>;
function assertHandled(response: Injected, what: string): void {
  assert.ok(response.statusCode < 500, `${what}: ${response.statusCode} ${response.body.slice(0, 300)}`);
  if (response.statusCode < 400) return;
  const code = (response.json() as { code?: unknown }).code;
  assert.ok(
    typeof code === "string" && /^[A-Z][A-Z0-9_]{2,63}$/.test(code) && !code.startsWith("HTTP_"),
    `${what}: ${response.statusCode} without a code: ${response.body.slice(0, 300)}`,
  );
}

const clip = (text: string) => (text.length > 200 ? `${text.slice(0, 200)}… (${text.length} chars)` : text);

describe("fuzzing every route in-process", () => {
  it("answers hostile bodies with a verdict or a coded 4xx, never 5xx", { timeout: 60_000 }, async () => {
    const cases = fc.nat().chain((r) => {
      const route = BODY_ROUTES[r % BODY_ROUTES.length]!;
      return fc.tuple(fc.constant(route), fc.constantFrom(...slots(route.body)), leaf);
    });
    await fc.assert(
      fc.asyncProperty(cases, async ([route, path, raw]) => {
        const payload = spliced(route.body, path, raw);
        const headers = { ...api.as(route.role), "content-type": "application/json" };
        const response = await api.app.inject({ method: "POST", url: route.url, headers, payload });
        assertHandled(response, `POST ${route.url} ${path.join("/") || "(body)"} = ${clip(raw)}`);
      }),
      { seed: 20260412, numRuns: 120 },
    );
  });

  it("answers hostile path parameters and query strings with a coded 4xx, never 5xx", { timeout: 60_000 }, async () => {
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...URL_ROUTES), urlText, async (route, text) => {
        const response = await api.app.inject({
          method: route.method,
          url: route.url(text),
          headers: api.as(route.role),
        });
        assertHandled(response, `${route.method} ${clip(route.url(text))}`);
      }),
      { seed: 20260413, numRuns: 80 },
    );
  });
});
