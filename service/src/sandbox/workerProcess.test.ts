import assert from "node:assert/strict";
import { describe, it } from "vitest";
import type { WorkerFrame } from "./worker/messages.js";
import { planWorkerCommand } from "./workerCommand.js";
import { MAX_JOB_FRAME_BYTES } from "./workerFrames.js";
import { startWorkerProcess, type WorkerHandle } from "./workerProcess.js";

/**
 * Real child processes on the real channel plan (a job worker's stdio), running small scripts
 * instead of the worker: whatever bytes they write, the service (this process) must survive,
 * and only the offending child is killed.
 */
const runtimes = { pyodideDir: "/x", quickjsCoreEntry: "/x", quickjsVariantEntry: "/x", quickjsWasmFile: "/x" };
/** Every script ends by itself after this long, ms: a child the service failed to kill exits 0. */
const SCRIPT_LIFETIME_MS = 20_000;

function startScript(body: string): WorkerHandle {
  const plan = planWorkerCommand({
    nodePath: process.execPath,
    mode: "javascript",
    entry: "unused",
    readableDirs: [],
    runtimes,
    heapMib: 256,
  });
  const script = `const fs = require("fs"), net = require("net");\nsetTimeout(() => process.exit(0), ${SCRIPT_LIFETIME_MS});\n${body}`;
  return startWorkerProcess({ ...plan, args: ["-e", script] });
}

const WRITE_ALL =
  "function writeAll(fd, bytes) { for (let o = 0; o < bytes.length; ) { try { o += fs.writeSync(fd, bytes, o); } catch (e) { if (e.code !== 'EAGAIN') throw e; } } }";

describe("startWorkerProcess", () => {
  it("sends a job as one line on the job pipe and reads the worker's frame back", async () => {
    const worker = startScript(`let text = "";
      new net.Socket({ fd: 4, readable: true, writable: false }).on("data", (b) => {
        text += b;
        if (!text.includes("\\n")) return;
        const job = JSON.parse(text);
        fs.writeSync(3, JSON.stringify({ type: "result", id: job.id, status: "ok", resultJson: "2", stdout: job.code }) + "\\n");
      });`);
    const frame = new Promise<WorkerFrame>((resolve) => worker.onFrame(resolve));
    worker.send({
      type: "job",
      id: "j1",
      code: "1 + 1",
      dataJson: "null",
      limits: { wall_ms: 1, memory_mib: 1, output_bytes: 1, output_lines: 1 },
    });
    assert.deepEqual(await frame, { type: "result", id: "j1", status: "ok", resultJson: "2", stdout: "1 + 1" });
    worker.kill();
    assert.equal((await worker.exited).violation, undefined);
  });

  it("kills a worker that writes a malformed Node IPC message on its job pipe", async () => {
    const worker = startScript("fs.writeSync(4, Buffer.from([0, 0, 0, 4, 0xff, 0x0f, 0xfe, 0xfe]));");
    const exit = await worker.exited;
    assert.equal(exit.signal, "SIGKILL");
    assert.match(exit.violation ?? "", /^wrote on its job pipe, which only the service writes$/);
  });

  it("kills a worker that declares a 2 GiB message on its job pipe and streams it", async () => {
    const worker = startScript(
      `${WRITE_ALL}\nwriteAll(4, Buffer.from([0x7f, 0xff, 0xff, 0xff]));\nfor (let i = 0; i < 64; i++) writeAll(4, Buffer.alloc(1 << 20));`,
    );
    const exit = await worker.exited;
    assert.equal(exit.signal, "SIGKILL");
    assert.match(exit.violation ?? "", /job pipe/);
  });

  it("kills a worker whose frame outgrows the bound, and delivers nothing of it", async () => {
    const worker = startScript(
      `${WRITE_ALL}\nfor (let i = 0; i < 24; i++) writeAll(3, Buffer.alloc(1 << 20, 120));\nwriteAll(3, Buffer.from("\\n"));`,
    );
    const frames: WorkerFrame[] = [];
    worker.onFrame((frame) => frames.push(frame));
    const exit = await worker.exited;
    assert.equal(exit.signal, "SIGKILL");
    assert.equal(exit.violation, `wrote a frame longer than ${MAX_JOB_FRAME_BYTES} bytes`);
    assert.deepEqual(frames, []);
  });

  it("kills a worker that writes a frame that is not a worker frame", async () => {
    const worker = startScript(`fs.writeSync(3, '{"type":"result","id":"x","status":"pwned"}\\n');`);
    const exit = await worker.exited;
    assert.equal(exit.signal, "SIGKILL");
    assert.match(exit.violation ?? "", /^wrote a malformed frame: /);
  });
});
