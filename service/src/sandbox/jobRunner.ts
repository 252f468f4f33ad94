import { nearDataLimit } from "./dataLimit.js";
import { retirement, toJobResult, type JobEvent, type JobResult, type Retirement } from "./outcome.js";
import { watchRss } from "./rssWatchdog.js";
import type { JobLimits } from "./worker/messages.js";
import type { WorkerHandle } from "./workerProcess.js";

/** One job as the pool hands it to a worker. */
export interface Job {
  id: string;
  code: string;
  dataJson: string;
  limits: JobLimits;
}

export interface JobRun {
  result: JobResult;
  /** Set when the worker has been killed, to be replaced. */
  retired?: Retirement;
}

/** Time a worker gets past the wall limit to report a timeout itself (keeping its output), ms. */
export const DEADLINE_GRACE_MS = 150;
/** Resident memory a worker may add during a job beyond the job's memory limit, MiB. */
export const RSS_SLACK_MIB = 192;

/**
 * Runs one job on one worker and settles on the first of: the worker's result
 * frame, the deadline, the RSS watchdog, or the worker's exit. Whatever came
 * first, a worker that may not continue is SIGKILLed before this returns. A
 * failed job's worker is asked, before that, whether it stood at its memory
 * bound (its memory is still as the job left it).
 */
export async function runJob(worker: WorkerHandle, job: Job, mayContinue: boolean): Promise<JobRun> {
  const started = performance.now();
  const stops: Array<() => void> = [];
  const event = await new Promise<JobEvent>((settle) => {
    stops.push(
      worker.onFrame((frame) => {
        if (frame.type === "result" && frame.id === job.id) settle({ kind: "frame", ...frame });
      }),
    );
    void worker.exited.then((exit) => settle({ kind: "exit", exit }));
    const timer = setTimeout(
      () => settle({ kind: "deadline", wallMs: job.limits.wall_ms }),
      job.limits.wall_ms + DEADLINE_GRACE_MS,
    );
    stops.push(() => clearTimeout(timer));
    const allowance = job.limits.memory_mib + RSS_SLACK_MIB;
    stops.push(watchRss(worker.pid, allowance, () => settle({ kind: "rss", limitMib: allowance })));
    worker.send({ type: "job", ...job });
  });
  for (const stop of stops) stop();
  const failed = event.kind === "frame" && event.status === "error";
  const result = toJobResult(
    failed ? { ...event, atMemoryBound: await nearDataLimit(worker.pid) } : event,
    performance.now() - started,
  );
  const retired = retirement(mayContinue, result, event);
  if (retired === undefined) return { result };
  worker.kill();
  return { result, retired };
}
