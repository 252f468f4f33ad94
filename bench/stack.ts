import { readFileSync } from "node:fs";
import { httpsRequest } from "../infra/local/https.js";
import { join } from "node:path";
import { down } from "../infra/local/down.js";
import { localPaths } from "../infra/local/paths.js";
import { up, type UpResult } from "../infra/local/up.js";

/**
 * A local stack instance of a bench's own (never the shared citest or a developer's `npm start`):
 * brought up, or reused when it is already up (idempotent), on its own project and HTTPS port.
 */
export interface BenchStack {
  instance: string;
  stack: UpResult;
  /** The bootstrap admin key from the instance's secrets (as tests/support/instance.ts reads it). */
  adminKey: string;
  /** The container serving traffic: replica 1 of the active colour. */
  apiContainer: string;
}

export const REPO_ROOT = new URL("..", import.meta.url).pathname.replace(/\/$/, "");

export async function benchStack(
  instance: string,
  httpsPort: number,
  overrides: Record<string, unknown> = {},
): Promise<BenchStack> {
  const stack = await up({ repoRoot: REPO_ROOT, stack: "local", instance, overrides: { ...overrides, httpsPort } });
  const adminKey = readFileSync(join(localPaths(REPO_ROOT, instance).secrets, "admin_api_key"), "utf8").trim();
  return { instance, stack, adminKey, apiContainer: `${stack.project}-api-${stack.model.activeColour}-1` };
}

/** Stops and purges the instance (containers, volumes, generated files) unless `keep`. */
export async function releaseStack(instance: string, keep: boolean): Promise<void> {
  if (!keep) await down({ repoRoot: REPO_ROOT, instance, purge: true });
}

/**
 * The rate limits keys are counted against: the per-key limit as the API announces it (X-RateLimit-Limit
 * on a gated answer), the global one the service's default (RATE_LIMIT_GLOBAL_PER_MINUTE in
 * service/src/config.ts; the stack config does not override it).
 */
export async function rateLimits(s: BenchStack): Promise<{ perKeyPerMinute: number; globalPerMinute: number }> {
  const res = await httpsJson(s, "GET", "/admin/keys");
  const perKey = Number(res.headers["x-ratelimit-limit"]);
  if (!Number.isInteger(perKey) || perKey <= 0)
    throw new Error(
      `GET /admin/keys answered ${res.status} without a usable X-RateLimit-Limit (${String(res.headers["x-ratelimit-limit"])})`,
    );
  return { perKeyPerMinute: perKey, globalPerMinute: 6000 };
}

/** Creates `count` keys of `role` through the API with the admin key; returns the keys (shown once). */
export async function createKeys(
  s: BenchStack,
  count: number,
  role: "analyst" | "operator",
  name: string,
): Promise<string[]> {
  const keys: string[] = [];
  for (let i = 0; i < count; i++) {
    const res = await httpsJson(s, "POST", "/admin/keys", { name: `${name}-${i + 1}`, role });
    if (res.status !== 201)
      throw new Error(
        `POST /admin/keys answered ${res.status} ${JSON.stringify(res.body)}; expected 201 (is the admin key of ${s.instance} valid?)`,
      );
    keys.push((res.body as { key: string }).key);
  }
  return keys;
}

/** One request through the proxy with the admin key, trusting the instance's CA; the body parsed as JSON. */
export async function httpsJson(
  s: BenchStack,
  method: string,
  path: string,
  body?: unknown,
): Promise<{ status: number; headers: Record<string, string | string[] | undefined>; body: unknown }> {
  const res = await httpsRequest(`${s.stack.url}${path}`, {
    caFile: s.stack.caFile,
    method,
    headers: { "x-api-key": s.adminKey, ...(body ? { "content-type": "application/json" } : {}) },
    ...(body ? { body: JSON.stringify(body) } : {}),
    timeoutMs: 15_000,
  });
  return { status: res.status, headers: res.headers, body: res.body ? JSON.parse(res.body) : undefined };
}
