import { spawn } from "node:child_process";

/**
 * A TCP listener on 127.0.0.1 inside a container, where code running there that escaped its
 * sandbox would reach it; it must never see a connection. Lives as long as one `docker exec`:
 * closing its stdin (or the exec dying) ends it, so a crashed test leaves nothing behind.
 */
export interface Sentinel {
  port: number;
  /** Stops the listener; resolves with the connections it accepted. */
  close(): Promise<number>;
}

/** Ends on its own after this long whatever happens to the exec, seconds. */
const LIFETIME_SECONDS = 600;

const SCRIPT = `let n = 0;
const server = require("node:net").createServer((s) => { n += 1; s.destroy(); });
server.listen(0, "127.0.0.1", () => process.stdout.write(server.address().port + "\\n"));
const done = () => { process.stdout.write(n + "\\n"); process.exit(0); };
process.stdin.on("end", done).resume();
setTimeout(done, ${LIFETIME_SECONDS * 1000}).unref();`;

export function startSentinel(container: string): Promise<Sentinel> {
  const child = spawn("docker", ["exec", "-i", container, "node", "-e", SCRIPT], { stdio: ["pipe", "pipe", "pipe"] });
  let out = "";
  let err = "";
  child.stderr.on("data", (d: Buffer) => (err += d.toString()));
  const exited = new Promise<void>((resolve) => child.once("close", () => resolve()));
  const lines = () => out.split("\n").filter((l) => l !== "");
  return new Promise((resolve, reject) => {
    child.once("error", reject);
    void exited.then(() => reject(new Error(`sentinel in ${container} ended before listening: ${err.trim()}`)));
    child.stdout.on("data", (d: Buffer) => {
      out += d.toString();
      const [port] = lines();
      if (port === undefined) return;
      resolve({
        port: Number(port),
        close: async () => {
          child.stdin.end();
          await exited;
          return Number(lines()[1] ?? Number.NaN);
        },
      });
    });
  });
}
