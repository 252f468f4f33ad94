"use strict";
// Sends a batch of jobs to the sandbox from inside an api container, the only client the sandbox
// network admits: one `docker exec` for a whole suite instead of one a job. Run as
// `node -e <this file>` with its plan (SandboxPlan in sandboxJobs.ts) as JSON on stdin; prints one
// JSON object (SandboxRun) on stdout. Plain CommonJS: the api image has Node and nothing else of ours.
const fs = require("node:fs");

async function main() {
  const plan = JSON.parse(fs.readFileSync(0, "utf8"));
  const token = fs.readFileSync(plan.tokenFile, "utf8").trim();
  const batch = AbortSignal.timeout(plan.batchTimeoutMs);
  const answers = [];
  for (const phase of plan.phases)
    await runPhase(phase, (request) => send(plan, token, request, batch).then((a) => answers.push(a)));
  const ready = await fetch(`${plan.url}/health/ready`, { signal: AbortSignal.timeout(plan.requestTimeoutMs) }).then(
    (r) => r.status,
    () => 0,
  );
  process.stdout.write(JSON.stringify({ answers, ready }));
}

/** Each lane runs `concurrency` sequences at a time; a sequence's requests go one after another. */
function runPhase(phase, sendOne) {
  const lanes = new Map();
  for (const s of phase.sequences) lanes.set(s.lane, [...(lanes.get(s.lane) ?? []), s.requests]);
  const runner = async (queue) => {
    for (let next = queue.shift(); next !== undefined; next = queue.shift())
      for (const request of next) await sendOne(request);
  };
  return Promise.all(
    [...lanes.values()].flatMap((queue) => Array.from({ length: phase.concurrency }, () => runner(queue))),
  );
}

/**
 * Never throws: a failed request is an answer with status 0, so one bad job cannot hide the
 * others; past the batch's deadline every request left fails at once and the answers still print.
 */
async function send(plan, token, request, batch) {
  try {
    const response = await fetch(`${plan.url}/execute`, {
      method: "POST",
      headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
      body: JSON.stringify(request.body),
      signal: AbortSignal.any([batch, AbortSignal.timeout(plan.requestTimeoutMs)]),
    });
    return { id: request.id, status: response.status, text: await response.text() };
  } catch (error) {
    return { id: request.id, status: 0, text: JSON.stringify({ driverError: String(error) }) };
  }
}

main().catch((error) => {
  process.stderr.write(`sandbox driver: ${error.stack ?? error}\n`);
  process.exitCode = 1;
});
