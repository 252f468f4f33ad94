import { createHash } from "node:crypto";
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

/**
 * Finds the worker's compiled entry. In the image, tsc has emitted
 * worker/entry.js beside this file. Run from source (tests, through tsx), the
 * worker must still be plain JavaScript: the worker may not load tsx, whose
 * compiler runs as a child process the permission model forbids. So its
 * few files are transpiled once into a content-addressed folder under the
 * temp dir (the only writable place in the container).
 */
export interface WorkerCode {
  /** Absolute path of the worker's entry module. */
  entry: string;
  /** Folder the worker's code lives in (readable by the worker). */
  dir: string;
  /**
   * Files outside `dir` the worker must be allowed to read: Node's ESM loader looks for the nearest
   * package.json (for "type") in every ancestor folder of the entry, and the permission model denies
   * even that lookup. Package manifests hold no secrets.
   */
  manifests: string[];
}

const WORKER_DIR = join(dirname(fileURLToPath(import.meta.url)), "worker");

export async function locateWorkerCode(): Promise<WorkerCode> {
  const compiled = join(WORKER_DIR, "entry.js");
  if (existsSync(compiled)) return { entry: compiled, dir: WORKER_DIR, manifests: ancestorManifests(WORKER_DIR) };
  return transpileWorker();
}

async function transpileWorker(): Promise<WorkerCode> {
  const ts = (await import("typescript")).default;
  const sources = readdirSync(WORKER_DIR)
    .filter((f) => f.endsWith(".ts") && !f.endsWith(".test.ts"))
    .sort();
  const texts = sources.map((f) => readFileSync(join(WORKER_DIR, f), "utf8"));
  const hash = createHash("sha256").update(sources.join("\0")).update(texts.join("\0")).digest("hex").slice(0, 16);
  const dir = join(tmpdir(), `sandbox-worker-${hash}`);
  if (!existsSync(join(dir, "entry.js"))) {
    const options = { module: ts.ModuleKind.ES2022, target: ts.ScriptTarget.ES2022 };
    const files = sources.map(
      (f, i) =>
        [
          f.replace(/\.ts$/, ".js"),
          ts.transpileModule(texts[i] ?? "", { compilerOptions: options }).outputText,
        ] as const,
    );
    publish(dir, [...files, ["package.json", '{"type":"module"}\n']]);
  }
  return { entry: join(dir, "entry.js"), dir, manifests: [] };
}

/** `<dir>/../package.json` … `/package.json`: where the loader looks when `dir` has no package.json. */
export function ancestorManifests(dir: string): string[] {
  const out: string[] = [];
  for (let d = dirname(dir); ; d = dirname(d)) {
    out.push(join(d, "package.json"));
    if (d === dirname(d)) return out;
  }
}

/** Writes into a private folder and renames it into place, so concurrent services never see half a build. */
function publish(dir: string, files: ReadonlyArray<readonly [string, string]>): void {
  const staging = `${dir}.${process.pid}.tmp`;
  rmSync(staging, { recursive: true, force: true });
  mkdirSync(staging, { recursive: true });
  for (const [name, text] of files) writeFileSync(join(staging, name), text);
  try {
    renameSync(staging, dir);
  } catch {
    rmSync(staging, { recursive: true, force: true });
  }
}
