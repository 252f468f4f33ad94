import { setTimeout as sleep } from "node:timers/promises";
import { httpsRequest } from "../../../infra/local/https.js";
import { smokeThroughProxy, type SmokeCheck } from "../../../infra/local/smoke.js";
import { BackupRunbookError } from "../errors.js";
import { DRILL_DEFAULTS } from "./plan.js";

/**
 * Polls /health/ready through the drill's proxy until 200: the api answers only once it reaches the
 * restored database and Redis. Faster than waiting for Docker health (checked every 5 s).
 */
export async function awaitReady(
  url: string,
  caFile: string,
  timeoutMs: number = DRILL_DEFAULTS.readyTimeoutMs,
): Promise<string> {
  const deadline = Date.now() + timeoutMs;
  let last = "no answer yet";
  while (Date.now() < deadline) {
    try {
      const answer = await httpsRequest(`${url}/health/ready`, { caFile, timeoutMs: 5000 });
      if (answer.status === 200) return `GET /health/ready → 200 through the proxy`;
      last = `GET /health/ready → ${answer.status}`;
    } catch (err) {
      last = `GET /health/ready → ${(err as Error).message}`;
    }
    await sleep(DRILL_DEFAULTS.pollMs);
  }
  throw new BackupRunbookError(
    "DRILL_FAILED",
    `the drill's api was not ready through its proxy within ${timeoutMs / 1000} s (last: ${last})`,
  );
}

/** The same smoke test `up` runs (ready, live, /metrics refused); the caller judges it. */
export const smoke = (url: string, caFile: string): Promise<SmokeCheck[]> => smokeThroughProxy(url, caFile);
