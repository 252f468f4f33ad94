import assert from "node:assert/strict";
import { describe, it } from "vitest";
import { QueueFullError, ShuttingDownError } from "./errors.js";
import { WorkerPool, type PoolOptions } from "./pool.js";
import { FakeWorkers, job, type FakeAnswer } from "./test-helpers/fakeWorker.js";

function pool(fakes: FakeWorkers, options: Partial<PoolOptions> = {}): WorkerPool {
  const p = new WorkerPool({
    language: "python",
    size: 2,
    queueLimit: 2,
    maxJobsPerWorker: 1,
    startWorker: fakes.start,
    onWorkerError: () => undefined,
    ...options,
  });
  p.start();
  return p;
}

const settle = () => new Promise((resolve) => setTimeout(resolve, 5));
/** Replacements start asynchronously: wait for the count rather than for a fixed 5 ms a loaded host may not honour. */
async function until(holds: () => boolean, boundMs = 5_000): Promise<void> {
  for (const started = Date.now(); !holds() && Date.now() - started < boundMs; ) await settle();
}
const answering = (status: FakeAnswer) => () => status;

describe("WorkerPool", () => {
  it("uses each single-use worker once, replaces it, and never runs more than `size` at once", async () => {
    const fakes = new FakeWorkers(answering("ok"));
    const p = pool(fakes, { queueLimit: 5 });
    await settle();
    const results = await Promise.all(["a", "b", "c", "d", "e"].map((code) => p.submit(job(code))));
    assert.deepEqual(
      results.map((r) => r.result),
      ["a", "b", "c", "d", "e"],
    );
    await until(() => fakes.started >= 7 && p.stats().idle === 2);
    assert.equal(fakes.started, 7);
    assert.equal(fakes.maxAlive, 2);
    assert.deepEqual(p.stats(), { idle: 2, busy: 0, warming: 0, queued: 0 });
    await p.close(0);
    assert.equal(fakes.alive, 0);
  });

  it("queues up to the bound, then refuses with QueueFullError", async () => {
    const fakes = new FakeWorkers(answering("hang"));
    const p = pool(fakes, { size: 1, queueLimit: 1 });
    await settle();
    void p.submit(job("running")).catch(() => undefined);
    void p.submit(job("queued")).catch(() => undefined);
    await assert.rejects(p.submit(job("refused")), QueueFullError);
    assert.deepEqual(p.stats(), { idle: 0, busy: 1, warming: 0, queued: 1 });
    await p.close(0);
  });

  it("kills a reusable worker whose job hit a limit, and reuses one whose job did not", async () => {
    const fakes = new FakeWorkers((code) => (code === "spin" ? "timeout" : "ok"));
    const p = pool(fakes, { size: 1, maxJobsPerWorker: 100, language: "javascript" });
    await settle();
    await p.submit(job("fine"));
    await p.submit(job("fine again"));
    assert.equal(fakes.started, 1);
    assert.equal((await p.submit(job("spin"))).status, "timeout");
    await settle();
    assert.equal(fakes.started, 2);
    assert.equal(fakes.alive, 1);
    await p.close(0);
  });

  it("is not warm while boots fail, and warm once one succeeds", async () => {
    let failures = 1;
    const fakes = new FakeWorkers(answering("ok"), () => failures-- > 0);
    const p = pool(fakes, { size: 1 });
    await settle();
    assert.equal(p.warm(), false);
    await new Promise((resolve) => setTimeout(resolve, 600));
    assert.equal(p.warm(), true);
    await p.close(0);
  });

  it("rejects queued jobs and new ones on close, and leaves no worker alive", async () => {
    const fakes = new FakeWorkers(answering("hang"));
    const p = pool(fakes, { size: 1, queueLimit: 5 });
    await settle();
    void p.submit(job("running")).catch(() => undefined);
    const queued = assert.rejects(p.submit(job("queued")), ShuttingDownError);
    await p.close(10);
    await queued;
    await assert.rejects(p.submit(job("late")), ShuttingDownError);
    assert.equal(fakes.alive, 0);
  });
});
