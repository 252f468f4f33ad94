import { readFileSync } from "node:fs";
import { pathToFileURL } from "node:url";
import type { QuickJSSyncVariant, QuickJSWASMModule } from "quickjs-emscripten-core";
import type { OutputCapture } from "./capture.js";
import type { JobLimits, JobOutcome, RuntimePaths } from "./messages.js";
import { runJavascript } from "./javascript.js";

type Job = { code: string; dataJson: string; limits: JobLimits };

/**
 * Compiles the QuickJS WebAssembly module once, while the worker may still
 * read files; each job then instantiates it afresh (new linear memory), which
 * costs milliseconds and needs no file access after lockdown.
 */
export async function startJavascript(paths: RuntimePaths): Promise<(job: Job, capture: OutputCapture) => Promise<JobOutcome>> {
  const core = (await import(pathToFileURL(paths.quickjsCoreEntry).href)) as typeof import("quickjs-emscripten-core");
  const base = ((await import(pathToFileURL(paths.quickjsVariantEntry).href)) as { default: QuickJSSyncVariant }).default;
  const wasmModule = await WebAssembly.compile(readFileSync(paths.quickjsWasmFile));
  const variant = core.newVariant(base, { wasmModule });
  const newModule = (): Promise<QuickJSWASMModule> => core.newQuickJSWASMModuleFromVariant(variant);
  await newModule();
  return (job, capture) => runJavascript(newModule, job.code, job.dataJson, job.limits, capture);
}
