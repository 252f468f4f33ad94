import { httpsRequest, type HttpsAnswer } from "../../infra/local/https.js";

/**
 * POSTs that are certainly in flight at a chosen moment: sandbox jobs that spin for `spinMs` (a
 * JavaScript loop on the guest's own clock), sent at once through the proxy, so round robin puts some
 * on every replica of the serving colour. Each job's result is its own number, so a replay that
 * answered another job's result would show.
 */
export function slowSandboxJobs(
  url: string,
  caFile: string,
  operatorKey: string,
  count: number,
  spinMs: number,
): Promise<HttpsAnswer>[] {
  return Array.from({ length: count }, (_, i) =>
    httpsRequest(`${url}/sandbox/execute`, {
      caFile,
      method: "POST",
      headers: { "x-api-key": operatorKey, "content-type": "application/json" },
      body: JSON.stringify({
        language: "javascript",
        code: `const t = Date.now(); while (Date.now() - t < ${spinMs}) {} ${i}`,
        limits: { wall_ms: spinMs * 4 },
      }),
      timeoutMs: 60_000,
    }),
  );
}

/**
 * Each answer as [HTTP status, outcome, job status, job result], for one exact comparison with
 * `[200, "EXECUTED", "ok", i]` for each job i; an answer that is not JSON keeps its first 200 characters.
 */
export function statusAndResult(answers: HttpsAnswer[]): unknown[][] {
  return answers.map((a) => {
    try {
      const outcome = JSON.parse(a.body) as { status?: string; result?: { status?: string; result?: unknown } };
      return [a.status, outcome.status, outcome.result?.status, outcome.result?.result];
    } catch {
      return [a.status, a.body.slice(0, 200)];
    }
  });
}
