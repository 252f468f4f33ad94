import { z } from "zod";
import type { WorkerFrame } from "./worker/messages.js";

/**
 * Frames a worker writes on fd 3, one JSON object a line. The parent trusts
 * nothing a worker says: each frame is parsed against this schema, and a
 * worker that writes anything else is treated as crashed.
 */
const status = z.enum(["ok", "error", "timeout", "memory", "output_limit"]);

export const workerFrameSchema = z.discriminatedUnion("type", [
  z.strictObject({ type: z.literal("ready"), mode: z.enum(["python", "javascript", "snapshot"]) }),
  z.strictObject({
    type: z.literal("result"),
    id: z.string(),
    status,
    resultJson: z.string(),
    stdout: z.string(),
    error: z.string().optional(),
    retire: z.enum(["outside_instance", "runtime_failed"]).optional(),
  }),
  z.strictObject({ type: z.literal("snapshot"), base64: z.string() }),
  z.strictObject({ type: z.literal("fatal"), error: z.string() }),
]) satisfies z.ZodType<WorkerFrame>;

export function parseFrame(line: string): WorkerFrame {
  return workerFrameSchema.parse(JSON.parse(line));
}

const MIB = 2 ** 20;
/**
 * Longest frame a job worker may write, bytes. Its largest honest frame is a result with 1 MiB of
 * output and 1 MiB of result JSON (the highest SANDBOX_MAX_OUTPUT_BYTES), which JSON escaping
 * grows to at most about 8 MiB (a control character becomes six bytes).
 */
export const MAX_JOB_FRAME_BYTES = 16 * MIB;
/** The snapshot maker's one frame: a memory image of about 30 MiB as base64. It runs no job code. */
export const MAX_SNAPSHOT_FRAME_BYTES = 96 * MIB;

export class FrameTooLongError extends Error {
  readonly code = "SANDBOX_FRAME_TOO_LONG";
}

/**
 * Splits a byte stream into lines without re-scanning what it has already buffered. A line
 * longer than `maxLineBytes` is reported once through `onTooLong` and dropped, and everything
 * after it is ignored: the stream's writer is not trusted to resynchronise, and the service
 * never holds more than the bound (plus one chunk) of it.
 */
export class LineSplitter {
  private pending: Buffer[] = [];
  private pendingBytes = 0;
  private failed = false;

  constructor(
    private readonly maxLineBytes: number,
    private readonly onLine: (line: string) => void,
    private readonly onTooLong: (error: FrameTooLongError) => void,
  ) {}

  get bufferedBytes(): number {
    return this.pendingBytes;
  }

  push(chunk: Buffer): void {
    let start = 0;
    for (let nl = chunk.indexOf(0x0a); nl !== -1 && !this.failed; nl = chunk.indexOf(0x0a, start)) {
      if (!this.keep(chunk.subarray(start, nl))) return;
      const line = Buffer.concat(this.pending).toString("utf8");
      this.pending = [];
      this.pendingBytes = 0;
      this.onLine(line);
      start = nl + 1;
    }
    if (start < chunk.length) this.keep(chunk.subarray(start));
  }

  private keep(part: Buffer): boolean {
    if (this.failed) return false;
    this.pendingBytes += part.length;
    if (this.pendingBytes <= this.maxLineBytes) {
      this.pending.push(part);
      return true;
    }
    this.failed = true;
    this.pending = [];
    this.pendingBytes = 0;
    this.onTooLong(new FrameTooLongError(`wrote a frame longer than ${this.maxLineBytes} bytes`));
    return false;
  }
}
