// Soak: mixed traffic at a steady rate for N minutes against an instance of its own, sampling the api
// process (RSS, open fds, cgroup memory) at the start, every --sample-seconds and at the end, then a
// verdict on whether memory and handles stayed flat after warm-up (rule in bench/soak-verdict.ts).
// Prints JSON on stdout (progress on stderr); exits 1 when not flat. The instance is purged at the end unless --keep.
// Run: node --import tsx bench/soak.ts [--minutes 10] [--rate 10] [--instance benchsoak] [--port 18643] [--keep]
import { setTimeout as sleep } from "node:timers/promises";
import { parseArgs } from "node:util";
import { say } from "../infra/exec/progress.js";
import { identity, sampleProcess, type ProcessSample } from "./api-process.js";
import { startLoad } from "./load/client.js";
import { authenticatedShare, keysFor, mixTargets } from "./load/mix.js";
import { soakVerdict } from "./soak-verdict.js";
import { benchStack, createKeys, rateLimits, releaseStack } from "./stack.js";

const { values } = parseArgs({
  options: {
    minutes: { type: "string", default: "10" },
    // Below capacity, as a soak must be: at 20 req/s of this mix a shared 2-core host already shed most of it.
    rate: { type: "string", default: "10" },
    instance: { type: "string", default: "benchsoak" },
    port: { type: "string", default: "18643" },
    "sample-seconds": { type: "string", default: "15" },
    keep: { type: "boolean", default: false },
  },
});
const minutes = Number(values.minutes);
const rate = Number(values.rate);
const sampleEveryS = Number(values["sample-seconds"]);
if (!(minutes > 0 && minutes <= 240))
  throw new Error(
    `--minutes: got ${values.minutes}; expected a number of minutes in (0, 240], e.g. --minutes 1 for a quick check`,
  );
if (!(rate > 0)) throw new Error(`--rate: got ${values.rate}; expected requests per second > 0, e.g. 10`);

const s = await benchStack(values.instance!, Number(values.port));
try {
  const limits = await rateLimits(s);
  const keyCount = keysFor(rate * authenticatedShare(mixTargets(["probe"])), limits);
  const targets = mixTargets(await createKeys(s, keyCount, "analyst", "bench-soak"));
  const durationMs = minutes * 60_000;
  const before = await identity(s.apiContainer);
  say(
    `soak: ${rate} req/s for ${minutes} min over ${keyCount} analyst key(s), ${targets.length / keyCount} targets; sampling ${s.apiContainer} every ${sampleEveryS} s`,
  );
  const samples: ProcessSample[] = [];
  const missed: string[] = [];
  /** A sample, or the reason it could not be taken (e.g. the container was restarting). */
  const take = (atS: number) =>
    sampleProcess(s.apiContainer, atS).then(
      (x) => void samples.push(x),
      (e: Error) => void missed.push(`at ${Math.round(atS)} s: ${e.message}`),
    );
  await take(0);
  const startedAt = Date.now();
  const load = startLoad({
    url: s.stack.url,
    caFile: s.stack.caFile,
    targets,
    rate,
    durationMs,
    workers: 8,
    mode: "open",
    timeoutMs: 15_000,
  });
  let finished = false;
  void load.done.finally(() => (finished = true)).catch(() => undefined);
  while (!finished) {
    await Promise.race([sleep(sampleEveryS * 1000), load.done.catch(() => undefined)]);
    if (!finished) await take((Date.now() - startedAt) / 1000);
  }
  const report = await load.done;
  await take((Date.now() - startedAt) / 1000);
  const after = await identity(s.apiContainer);
  const replaced = Math.max(after.restartCount - before.restartCount, after.pid === before.pid ? 0 : 1);
  const errorsByKind = Object.fromEntries(Object.entries(report.byStatus).filter(([k]) => !/^2\d\d$/.test(k)));
  const max = (pick: (x: ProcessSample) => number) => Math.max(...samples.map(pick));
  const result = {
    instance: s.instance,
    minutes,
    rate,
    achievedRate: report.achievedRate,
    keys: keyCount,
    rateLimits: limits,
    totalRequests: report.total,
    ok: report.ok,
    errorsByKind,
    byTarget: report.byLabel,
    latencyMs: report.latencyMs,
    rssMiB: { start: samples[0]!.rssMiB, end: samples.at(-1)!.rssMiB, max: max((x) => x.rssMiB) },
    cgroupMiB: { start: samples[0]!.cgroupMiB, end: samples.at(-1)!.cgroupMiB, max: max((x) => x.cgroupMiB) },
    fds: { start: samples[0]!.fds, end: samples.at(-1)!.fds, max: max((x) => x.fds) },
    restarts: replaced,
    oomKilled: replaced > 0 && after.oomKilled,
    missedSamples: missed,
    verdict: soakVerdict(samples, durationMs / 1000, replaced),
    samples,
  };
  process.exitCode = result.verdict.flat ? 0 : 1;
  process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
} finally {
  await releaseStack(s.instance, values.keep!);
}
