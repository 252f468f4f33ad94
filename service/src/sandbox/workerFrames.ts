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
  }),
  z.strictObject({ type: z.literal("snapshot"), base64: z.string() }),
  z.strictObject({ type: z.literal("fatal"), error: z.string() }),
]) satisfies z.ZodType<WorkerFrame>;

export function parseFrame(line: string): WorkerFrame {
  return workerFrameSchema.parse(JSON.parse(line));
}

/** Splits a byte stream into lines without re-scanning what it has already buffered. */
export class LineSplitter {
  private pending: Buffer[] = [];

  constructor(private readonly onLine: (line: string) => void) {}

  push(chunk: Buffer): void {
    let start = 0;
    for (let nl = chunk.indexOf(0x0a); nl !== -1; nl = chunk.indexOf(0x0a, start)) {
      this.pending.push(chunk.subarray(start, nl));
      this.onLine(Buffer.concat(this.pending).toString("utf8"));
      this.pending = [];
      start = nl + 1;
    }
    if (start < chunk.length) this.pending.push(chunk.subarray(start));
  }
}
