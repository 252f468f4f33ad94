import { SMOKE_REQUESTS } from "../../infra/model/smoke.js";
import { judge, type Answer, type Expectation, type Verdict } from "../plan/judge.js";

/**
 * What every direct smoke of a colour asks, whichever way it reaches the colour (Compose: each replica
 * on the edge network; Pulumi: the colour's preview listener): the model's smoke requests.
 */
export const smokeUrls = (bases: string[]): string[] =>
  bases.flatMap((base) => SMOKE_REQUESTS.map((r) => `${base}${r.path}`));

/**
 * A direct smoke's verdict: the api's answers as every verification judges them (2xx from the colour,
 * and from its version when known); a request that must be refused passes only on a refusal.
 */
export function judgeSmoke(answers: Answer[], expect: Expectation): Verdict {
  return judge(
    answers.map((a) => (mustBeRefused(a.target) ? { ...a, refusal: true } : a)),
    expect,
  );
}

/**
 * `target` is a URL or a bare path. Its base may have a path of its own (a Service behind the API
 * server's service proxy: `…/services/api-preview:http/proxy`), so the smoke request is its last part.
 */
function mustBeRefused(target: string): boolean {
  const path = new URL(target, "http://path.only").pathname;
  return SMOKE_REQUESTS.some((r) => r.refused && path.endsWith(r.path));
}
