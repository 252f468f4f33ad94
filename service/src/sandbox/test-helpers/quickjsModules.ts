import { readFileSync } from "node:fs";
import { pathToFileURL } from "node:url";
import type { QuickJSSyncVariant, QuickJSWASMModule } from "quickjs-emscripten-core";
import { OutputCapture } from "../worker/capture.js";
import { runJavascript } from "../worker/javascript.js";
import type { JobLimits, JobOutcome } from "../worker/messages.js";
import { resolveRuntimes } from "../runtimePaths.js";

/**
 * The worker's JavaScript runner in this process, for unit tests: the same
 * QuickJS build the worker loads, compiled once, one fresh instance per job,
 * without a worker process around it.
 */
export const TEST_LIMITS: JobLimits = { wall_ms: 2000, memory_mib: 64, output_bytes: 4096, output_lines: 100 };

let compiled: Promise<() => Promise<QuickJSWASMModule>> | undefined;

function moduleFactory(): Promise<() => Promise<QuickJSWASMModule>> {
  compiled ??= (async () => {
    const paths = resolveRuntimes();
    const core = (await import(pathToFileURL(paths.quickjsCoreEntry).href)) as typeof import("quickjs-emscripten-core");
    const base = ((await import(pathToFileURL(paths.quickjsVariantEntry).href)) as { default: QuickJSSyncVariant })
      .default;
    const variant = core.newVariant(base, {
      wasmModule: await WebAssembly.compile(readFileSync(paths.quickjsWasmFile)),
    });
    return () => core.newQuickJSWASMModuleFromVariant(variant);
  })();
  return compiled;
}

/** A fresh QuickJS instance, as the worker gives each job. */
export async function freshModule(): Promise<QuickJSWASMModule> {
  return (await moduleFactory())();
}

/** Runs `code` as a job in a fresh instance and returns its outcome. */
export async function runJob(code: string, limits: Partial<JobLimits> = {}, data: unknown = null): Promise<JobOutcome> {
  const all = { ...TEST_LIMITS, ...limits };
  const capture = new OutputCapture(all.output_bytes, all.output_lines, () => undefined);
  return runJavascript(await freshModule(), code, JSON.stringify(data), all, capture);
}
