import { setTimeout as sleep } from "node:timers/promises";
import type { FastifyInstance, InjectOptions, LightMyRequestResponse } from "fastify";

/** Wait between tries while the app sheds load, in milliseconds, and the most tries. */
const SHED_WAIT_MS = 250;
const MAX_TRIES = 40;

/**
 * app.inject, sent again while the app answers 503 OVERLOADED: on a slow shared host, suites
 * running side by side push event-loop utilisation past plugins/overload.ts's threshold. Shedding
 * runs before the gateway's hooks, so a shed request was never counted by any limit or budget
 * and sending it again changes no count a suite asserts.
 */
export async function injectUnshed(app: FastifyInstance, options: InjectOptions): Promise<LightMyRequestResponse> {
  for (let tries = 1; ; tries += 1) {
    const response = await app.inject(options);
    if (response.statusCode !== 503 || response.json().code !== "OVERLOADED" || tries === MAX_TRIES) return response;
    await sleep(SHED_WAIT_MS);
  }
}
