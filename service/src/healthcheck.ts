/**
 * Container healthcheck: `node dist/src/healthcheck.js <url>` exits 0 when the URL answers 2xx
 * within 3 s, else 1 with the reason on stderr. The image has no curl, hence Node's fetch.
 */
const TIMEOUT_MS = 3_000;

/** null when healthy, else why not. */
async function probe(url: string): Promise<string | null> {
  try {
    const response = await fetch(url, { signal: AbortSignal.timeout(TIMEOUT_MS) });
    await response.body?.cancel();
    return response.ok ? null : `answered ${response.status}`;
  } catch (error) {
    const { name, message } = error as Error;
    return name === "TimeoutError" ? `no answer within ${TIMEOUT_MS} ms` : message;
  }
}

const url = process.argv[2];
if (url === undefined) {
  process.stderr.write("usage: healthcheck <url>  (exits 0 on a 2xx answer within 3 s, else 1)\n");
  process.exit(1);
}
const failure = await probe(url);
if (failure !== null) process.stderr.write(`unhealthy: ${url} ${failure}\n`);
process.exit(failure === null ? 0 : 1);
