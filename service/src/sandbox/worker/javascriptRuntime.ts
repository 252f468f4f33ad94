import { readFileSync } from "node:fs";
import { pathToFileURL } from "node:url";
import type { QuickJSSyncVariant, QuickJSWASMModule } from "quickjs-emscripten-core";
import type { OutputCapture } from "./capture.js";
import type { JobLimits, JobOutcome, RuntimePaths } from "./messages.js";
import { runJavascript } from "./javascript.js";

type Job = { code: string; dataJson: string; limits: JobLimits };

/**
 * Compiles the QuickJS WebAssembly module once, while the worker may still
 * read files; each job then gets its own instance of it (new linear memory),
 * which needs no file access after lockdown. The instance for the next job is
 * made as soon as the previous job's result has gone out, while the worker
 * waits, so no job waits for it; nothing runs inside it before its job, and
 * each instance serves exactly one job.
 */
export async function startJavascript(
  paths: RuntimePaths,
): Promise<(job: Job, capture: OutputCapture) => Promise<JobOutcome>> {
  const core = (await import(pathToFileURL(paths.quickjsCoreEntry).href)) as typeof import("quickjs-emscripten-core");
  const base = ((await import(pathToFileURL(paths.quickjsVariantEntry).href)) as { default: QuickJSSyncVariant })
    .default;
  const wasmModule = await WebAssembly.compile(readFileSync(paths.quickjsWasmFile));
  const variant = core.newVariant(base, { wasmModule });
  const newModule = (): Promise<QuickJSWASMModule> => core.newQuickJSWASMModuleFromVariant(variant);
  // Awaited here, so a worker that cannot instantiate the module never reports ready.
  let next: Promise<QuickJSWASMModule> = Promise.resolve(await newModule());
  return async (job, capture) => {
    const module = await next;
    // setImmediate fires after this job's synchronous run and its result frame, so the next instance costs this job nothing.
    // If making it fails, the unhandled rejection ends the worker and the pool replaces it.
    next = new Promise((resolve, reject) => setImmediate(() => newModule().then(resolve, reject)));
    return runJavascript(module, job.code, job.dataJson, job.limits, capture);
  };
}
