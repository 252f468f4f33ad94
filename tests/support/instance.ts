import { readFileSync } from "node:fs";
import { join } from "node:path";
import { up, type UpResult } from "../../infra/local/up.js";
import { localPaths } from "../../infra/local/paths.js";
import { QUIET_BACKUP, QUIET_OBJECTIVES } from "./quietSchedule.js";

export const REPO_ROOT = new URL("../..", import.meta.url).pathname.replace(/\/$/, "");

/**
 * The instance live tests share: the local stack's config on its own port and project, so a
 * developer's running `npm start` environment is never touched. Fast scrapes so metrics tests settle.
 */
/**
 * The api's load shedding, off on the functional test instances: four lanes share this host's two cores, so
 * the api's event-loop utilisation passes any threshold when another lane is busy, and a request shed with
 * 503 OVERLOADED says nothing about the deploy, flip or rollback under test. Shedding itself is proven in
 * service/src/plugins/overload.test.ts and measured by bench/overload.ts; prod refuses it off.
 */
export const SHEDDING_OFF = { maxEventLoopUtilization: 0, maxEventLoopDelayMs: 0 };

/**
 * The gateway's per-minute limits, out of reach on the functional test instance: the API fuzzing suite
 * sends thousands of requests with one key and from one address, and at the defaults most of them
 * answered 429 without reaching a route's logic. The limits themselves are proven in the service's
 * security tests (service/src/security).
 */
export const LIMITS_OUT_OF_REACH = {
  perKeyPerMinute: 1_000_000,
  globalPerMinute: 10_000_000,
  preAuthPerAddressPerMinute: 1_000_000,
};

export const TEST_INSTANCE = process.env.VERIFIER_TEST_INSTANCE ?? "citest";
export const TEST_OVERRIDES = {
  httpsPort: Number(process.env.VERIFIER_TEST_PORT ?? 18443),
  metrics: { scrapeIntervalSeconds: 2 },
  service: { testRoutes: true, overload: SHEDDING_OFF, rateLimits: LIMITS_OUT_OF_REACH },
  // The in-process hostile suite's maximum (some cases ask for 20 s): the same corpus must be accepted alike.
  sandbox: { maxWallMs: 20_000 },
  backup: QUIET_BACKUP,
  objectives: QUIET_OBJECTIVES,
};

/**
 * Brings the test instance up (idempotent: an instance already up and healthy costs a few seconds), from
 * this checkout or, for the test that a second one is refused, from another.
 */
export function useStack(repoRoot: string = REPO_ROOT): Promise<UpResult> {
  return up({ repoRoot, stack: "local", instance: TEST_INSTANCE, overrides: TEST_OVERRIDES });
}

export const containerName = (r: UpResult, service: string): string => `${r.project}-${service}`;

export function adminKey(): string {
  return readFileSync(join(localPaths(REPO_ROOT, TEST_INSTANCE).secrets, "admin_api_key"), "utf8");
}
