import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { basename, dirname, join } from "node:path";
import type { RuntimePaths } from "./worker/messages.js";

/**
 * Where the WASM runtimes live on disk, resolved through Node's own module
 * resolution so hoisted and nested installs both work. Workers receive these
 * absolute paths and are allowed to read these folders and nothing else.
 */
export interface ResolvedRuntimes extends RuntimePaths {
  /** Every package folder a worker must be allowed to read. */
  readableDirs: string[];
}

export function resolveRuntimes(fromFile: string = import.meta.filename): ResolvedRuntimes {
  const pyodideDir = packageDir("pyodide", fromFile);
  const quickjs = packageDir("quickjs-emscripten", fromFile);
  const core = packageDir("quickjs-emscripten-core", join(quickjs, "package.json"));
  const variant = packageDir("@jitl/quickjs-wasmfile-release-sync", join(quickjs, "package.json"));
  const ffiTypes = packageDir("@jitl/quickjs-ffi-types", join(core, "package.json"));
  return {
    pyodideDir,
    quickjsCoreEntry: esmEntry(core),
    quickjsVariantEntry: esmEntry(variant),
    quickjsWasmFile: join(variant, "dist", "emscripten-module.wasm"),
    // Node 20.19's ESM resolver (the version Debian ships in the image) checks read permission on the
    // node_modules tree while resolving bare specifiers between these packages, even for folders that
    // do not exist; allowing only the package folders fails there. The tree holds public package code.
    readableDirs: [pyodideDir, core, variant, ffiTypes, nodeModulesRoot(pyodideDir)],
  };
}

/** The node_modules folder a package folder sits in (scoped packages one level deeper). */
export function nodeModulesRoot(packageDir: string): string {
  for (let dir = dirname(packageDir); dir !== dirname(dir); dir = dirname(dir)) {
    if (basename(dir) === "node_modules") return dir;
  }
  throw new Error(`sandbox: ${packageDir} is not inside a node_modules folder; run npm ci in service/`);
}

/** The folder of package `name` as seen from `fromFile`. */
function packageDir(name: string, fromFile: string): string {
  let dir = dirname(createRequire(fromFile).resolve(name));
  while (dir !== dirname(dir)) {
    if (readPackageName(dir) === name) return dir;
    dir = dirname(dir);
  }
  throw new Error(`sandbox: cannot find the folder of package ${name} from ${fromFile}; run npm ci in service/`);
}

function readPackageName(dir: string): string | undefined {
  try {
    return (JSON.parse(readFileSync(join(dir, "package.json"), "utf8")) as { name?: string }).name;
  } catch {
    return undefined;
  }
}

function esmEntry(dir: string): string {
  const manifest = JSON.parse(readFileSync(join(dir, "package.json"), "utf8")) as {
    exports: { ".": { import: string } };
  };
  return join(dir, manifest.exports["."].import);
}
