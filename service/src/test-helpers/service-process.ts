import { spawn, type ChildProcess } from "node:child_process";
import { fileURLToPath } from "node:url";
import type { Env } from "../config.js";

export type LogLine = Record<string, unknown> & { msg?: string };
export type Exit = { code: number | null; signal: NodeJS.Signals | null };

const SERVICE_ROOT = fileURLToPath(new URL("../../", import.meta.url));

/** `node --import tsx src/main.ts`, run from service/ with exactly the given env (plus PATH). */
export class ServiceProcess {
  readonly child: ChildProcess;
  /** Parsed JSON log lines of stdout so far. */
  readonly logs: LogLine[] = [];
  readonly exited: Promise<Exit>;
  #stderr = "";
  #partial = "";
  readonly #listeners = new Set<() => void>();

  constructor(env: Env) {
    this.child = spawn(process.execPath, ["--import", "tsx", "src/main.ts"], {
      cwd: SERVICE_ROOT,
      env: { PATH: process.env.PATH, ...env },
      stdio: ["ignore", "pipe", "pipe"],
    });
    this.child.stderr?.on("data", (chunk: Buffer) => {
      this.#stderr += chunk.toString();
    });
    this.child.stdout?.on("data", (chunk: Buffer) => this.#collect(chunk.toString()));
    this.exited = new Promise((resolve) => this.child.on("exit", (code, signal) => resolve({ code, signal })));
  }

  /** Everything written to stderr so far. */
  stderr(): string {
    return this.#stderr;
  }

  /** The first log line (past or future) matching; rejects when the process exits or on timeout. */
  waitForLog(match: (line: LogLine) => boolean, timeoutMs = 15_000): Promise<LogLine> {
    return new Promise((resolve, reject) => {
      const done = (line?: LogLine, error?: Error) => {
        clearTimeout(timer);
        this.#listeners.delete(check);
        return line ? resolve(line) : reject(error);
      };
      const check = () => void (this.logs.find(match) && done(this.logs.find(match)));
      const timer = setTimeout(
        () => done(undefined, new Error(`no such log line within ${timeoutMs} ms; stderr: ${this.#stderr}`)),
        timeoutMs,
      );
      void this.exited.then(() =>
        done(undefined, new Error(`service exited before the log line; stderr: ${this.#stderr}`)),
      );
      this.#listeners.add(check);
      check();
    });
  }

  #collect(text: string): void {
    const parts = (this.#partial + text).split("\n");
    this.#partial = parts.pop() ?? "";
    for (const part of parts) if (part.trim()) this.logs.push(JSON.parse(part) as LogLine);
    for (const listener of this.#listeners) listener();
  }
}

export function spawnService(env: Env): ServiceProcess {
  return new ServiceProcess(env);
}
