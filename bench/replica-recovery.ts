// Replica recovery (issue 18 item 3): `kill -9` of the process of an active api replica (of 2 per
// colour), as a crash does (Docker's restart policy must bring it back), under 100 req/s of GET
// /health/live through the proxy; --kills times, one after another once the replica is back. Per kill: the container's restart
// to the api's "Server listening" (its boot), the kill to UP in HAProxy, and the failed requests of
// the whole run. Targets: boot <= 2 s, back UP <= 5 s, 0 failed. Prints JSON on stdout (progress on
// stderr). Run: node --import tsx bench/replica-recovery.ts [--kills 5] [--keep]
import { parseArgs } from "node:util";
import { setTimeout as sleep } from "node:timers/promises";
import { say } from "../infra/exec/progress.js";
import { inspect } from "../tests/support/docker.js";
import { listeningAfter, restartCount, watchRecovery } from "../tests/support/recovery.js";
import { startLoad } from "./load/client.js";
import { benchStack, releaseStack } from "./stack.js";

const { values } = parseArgs({
  options: {
    instance: { type: "string", default: "benchrecovery" },
    port: { type: "string", default: "18647" },
    kills: { type: "string", default: "5" },
    keep: { type: "boolean", default: false },
  },
});
const KILLS = Number(values.kills);
/** Time the load runs before the first kill and after the last recovery, ms. */
const MARGIN_MS = 3_000;
const RATE = 100;

interface Kill {
  /** From the container's restart (Docker's StartedAt) to the api's "Server listening" log line. */
  bootMs: number | null;
  /** From the kill to HAProxy reporting the server UP again. */
  backUpMs: number | null;
  restartMs: number | null;
}

/** Two replicas a colour: the other one serves while the killed one is down. */
const s = await benchStack(values.instance as string, Number(values.port), { apiReplicas: 2 });
const colour = s.stack.model.activeColour;
try {
  // Sized for every kill's recovery at its 60 s bound; stopped as soon as the kills are done.
  const load = startLoad({
    url: `${s.stack.url}/health/live`,
    caFile: s.stack.caFile,
    rate: RATE,
    durationMs: KILLS * 60_000 + 2 * MARGIN_MS,
  });
  await sleep(MARGIN_MS);
  const kills: Kill[] = [];
  for (let i = 0; i < KILLS; i++) {
    const restartsBefore = await restartCount(s.apiContainer);
    const killedAt = Date.now();
    process.kill((await inspect(s.apiContainer)).State.Pid, "SIGKILL");
    const r = await watchRecovery(s.stack, s.apiContainer, `${colour}-1`, killedAt, restartsBefore);
    const startedAt = Date.parse((await inspect(s.apiContainer)).State.StartedAt);
    kills.push({
      bootMs: await listeningAfter(s.apiContainer, startedAt),
      backUpMs: r.proxyUpMs,
      restartMs: r.runningMs,
    });
    say(`replica-recovery: kill ${i + 1}/${KILLS}: ${JSON.stringify(kills.at(-1))}`);
  }
  await sleep(MARGIN_MS);
  const report = await load.stop();
  const worst = (pick: (k: Kill) => number | null) =>
    kills.some((k) => pick(k) === null) ? null : Math.max(...kills.map((k) => pick(k) as number));
  const p50 = (pick: (k: Kill) => number | null) => {
    const xs = kills
      .map(pick)
      .filter((x): x is number => x !== null)
      .sort((a, b) => a - b);
    return xs[Math.floor((xs.length - 1) / 2)] ?? null;
  };
  const failed = report.non2xx + report.errors;
  const met = (figure: number | null, bound: number) => ({
    figure,
    target: `<= ${bound}`,
    met: figure !== null && figure <= bound,
  });
  process.stdout.write(
    `${JSON.stringify(
      {
        instance: s.instance,
        replica: s.apiContainer,
        load: {
          rate: RATE,
          total: report.total,
          failed,
          byStatus: report.byStatus,
          samples: report.failureSamples.slice(0, 3),
        },
        kills,
        p50: { bootMs: p50((k) => k.bootMs), backUpMs: p50((k) => k.backUpMs), restartMs: p50((k) => k.restartMs) },
        targets: {
          boot_ms_worst: met(
            worst((k) => k.bootMs),
            2_000,
          ),
          back_up_ms_worst: met(
            worst((k) => k.backUpMs),
            5_000,
          ),
          failed_requests: met(failed, 0),
        },
      },
      null,
      2,
    )}\n`,
  );
} finally {
  await releaseStack(s.instance, values.keep === true);
}
