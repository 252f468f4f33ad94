import { createHash } from "node:crypto";
import { existsSync, mkdirSync, renameSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

const HERE = dirname(fileURLToPath(import.meta.url));

/**
 * The file a pool worker loads. In the image tsc has emitted worker.js beside this file. Run from
 * source (tests and benches, through tsx), a worker thread does not inherit tsx's loader, so a
 * two-line module in the temp dir loads worker.ts through tsx's own API; its name is the hash of its
 * text, and it is written to a private name and renamed, so concurrent processes never see half of it.
 */
export function workerEntry(): string {
  const compiled = join(HERE, "worker.js");
  if (existsSync(compiled)) return compiled;
  const source = join(HERE, "worker.ts");
  if (!existsSync(source))
    throw new Error(`engine pool: neither ${compiled} nor ${source} exists; rebuild the service`);
  const api = import.meta.resolve("tsx/esm/api");
  const text = [
    `import { tsImport } from ${JSON.stringify(api)};`,
    `export default (await tsImport(${JSON.stringify(pathToFileURL(source).href)}, import.meta.url)).default;`,
    "",
  ].join("\n");
  const dir = join(tmpdir(), "verifier-engine-pool");
  const file = join(dir, `worker-${createHash("sha256").update(text).digest("hex").slice(0, 16)}.mjs`);
  if (!existsSync(file)) {
    mkdirSync(dir, { recursive: true });
    const staging = `${file}.${process.pid}.tmp`;
    writeFileSync(staging, text);
    renameSync(staging, file);
  }
  return file;
}
