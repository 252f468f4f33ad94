import { execFile } from "node:child_process";
import { resolve } from "node:path";
import { promisify } from "node:util";

/** Where `node --import tsx src/backup/main.ts` runs from. */
export const SERVICE_DIR = resolve(import.meta.dirname, "../../..");
/** The job's CLI run from source, as the container runs its build. */
export const MAIN = ["--import", "tsx", "src/backup/main.ts"];

export interface Outcome {
  code: number;
  stdout: string;
  stderr: string;
}

/** Only the variables given, plus PATH and HOME for the tools and a quiet log. */
export const baseEnv = (env: Record<string, string>) => ({
  PATH: process.env.PATH ?? "/usr/bin:/bin",
  HOME: process.env.HOME ?? "/root",
  LOG_LEVEL: "warn",
  ...env,
});

/** The CLI as the container runs it: exit code, stdout and stderr. */
export async function cli(args: string[], env: Record<string, string>): Promise<Outcome> {
  try {
    const { stdout, stderr } = await promisify(execFile)(process.execPath, [...MAIN, ...args], {
      cwd: SERVICE_DIR,
      env: baseEnv(env),
    });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string };
    return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr };
  }
}
