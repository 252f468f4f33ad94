import { Buffer } from "node:buffer";
import { writeSync } from "node:fs";
import { Socket } from "node:net";
import { FRAME_FD, JOB_FD, type ParentMessage, type WorkerFrame } from "./messages.js";

// Taken at import time: lockdown() later removes `process` from the global scope.
const processRef = process;

/**
 * Frames go out with a blocking write on an inherited pipe rather than through
 * a stream: a job's final frame may have to leave while its code still holds the
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

let jobChannel: Socket | undefined;
let deliver: ((message: ParentMessage) => void) | undefined;
const early: ParentMessage[] = [];

/**
 * The parent's job pipe, read from the start so that its end (the parent went away) is seen
 * even during boot; a message that comes before a handler is set waits for it. The parent is
 * trusted: each line is one message as it wrote it.
 */
function openJobChannel(): Socket {
  if (jobChannel) return jobChannel;
  const socket = new Socket({ fd: JOB_FD, readable: true, writable: false });
  let pending = "";
  socket.setEncoding("utf8");
  socket.on("data", (text: string) => {
    const lines = (pending + text).split("\n");
    pending = lines.pop() ?? "";
    for (const line of lines) receive(JSON.parse(line) as ParentMessage);
  });
  jobChannel = socket;
  return socket;
}

function receive(message: ParentMessage): void {
  if (deliver) deliver(message);
  else early.push(message);
}

export function onParentMessage(handler: (message: ParentMessage) => void): void {
  deliver = handler;
  openJobChannel();
  for (const message of early.splice(0)) handler(message);
}

/** Everything the parent writes to stdin, up to EOF (a Python worker's memory snapshot). */
export async function readStdin(): Promise<Uint8Array> {
  const chunks: Buffer[] = [];
  for await (const chunk of processRef.stdin) chunks.push(chunk as Buffer);
  return new Uint8Array(Buffer.concat(chunks));
}

/** The worker ends when its parent goes away (its job pipe ends or fails), so no orphan outlives the service. */
export function exitWithParent(): void {
  const socket = openJobChannel();
  for (const event of ["end", "close", "error"]) socket.on(event, () => processRef.exit(0));
}

export function exitWorker(code: number): never {
  return processRef.exit(code);
}
