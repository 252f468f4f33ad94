import { readFileSync } from "node:fs";
import { SECRET_NAMES } from "./config-fields.js";

type Env = Readonly<Record<string, string | undefined>>;
type ReadFile = (path: string) => string;

/** Secrets given as `NAME_FILE`: read before the schema runs, so it sees them as `NAME`, and errors name the file variable. */
export interface ResolvedFiles {
  values: Record<string, string>;
  sources: Record<string, string>;
  problems: string[];
}

export function resolveSecretFiles(env: Env, readFile: ReadFile): ResolvedFiles {
  const resolved: ResolvedFiles = { values: {}, sources: {}, problems: [] };
  for (const name of SECRET_NAMES) {
    const path = env[`${name}_FILE`];
    if (path === undefined) continue;
    const problem =
      env[name] === undefined ? readSecret(name, path, readFile, resolved) : `only one of ${name} and ${name}_FILE`;
    if (problem) resolved.problems.push(`${name}_FILE: received ${JSON.stringify(path)}; allowed: ${problem}`);
  }
  return resolved;
}

function readSecret(name: string, path: string, readFile: ReadFile, into: ResolvedFiles): string | undefined {
  try {
    into.values[name] = readFile(path).replace(/\r?\n$/, "");
    into.sources[name] = `${name}_FILE`;
    return undefined;
  } catch (error) {
    return `a readable file holding the secret (read failed: ${(error as NodeJS.ErrnoException).code ?? "error"})`;
  }
}

export function readUtf8(path: string): string {
  return readFileSync(path, "utf8");
}
