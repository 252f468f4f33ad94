import { Buffer } from "node:buffer";
import { writeSync } from "node:fs";
import { FRAME_FD, type ParentMessage, type WorkerFrame } from "./messages.js";

// Taken at import time: lockdown() later removes `process` from the global scope.
const processRef = process;

/**
 * Frames go out with a blocking write on an inherited pipe rather than over
 * IPC: a job's final frame may have to leave while its code still holds the
 * event loop (an output flood inside a spinning Python loop), and only a
 * synchronous write is sure to reach the parent then. An inherited descriptor
 * is outside the permission model's file checks, so no write permission is granted.
 */
export function sendFrame(frame: WorkerFrame): void {
  const bytes = new TextEncoder().encode(`${JSON.stringify(frame)}\n`);
  let offset = 0;
  while (offset < bytes.length) offset += writeSome(bytes, offset);
}

function writeSome(bytes: Uint8Array, offset: number): number {
  try {
    return writeSync(FRAME_FD, bytes, offset);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "EAGAIN") return 0;
    throw error;
  }
}

/** Messages from the parent arrive over the IPC channel the parent opened. */
export function onParentMessage(handler: (message: ParentMessage) => void): void {
  processRef.on("message", (message) => handler(message as ParentMessage));
}

/** Everything the parent writes to stdin, up to EOF (a Python worker's memory snapshot). */
export async function readStdin(): Promise<Uint8Array> {
  const chunks: Buffer[] = [];
  for await (const chunk of processRef.stdin) chunks.push(chunk as Buffer);
  return new Uint8Array(Buffer.concat(chunks));
}

/** The worker ends when its parent goes away, so no orphan outlives the service. */
export function exitWithParent(): void {
  processRef.on("disconnect", () => processRef.exit(0));
}

export function exitWorker(code: number): never {
  return processRef.exit(code);
}
