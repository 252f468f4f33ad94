import { createHash } from "node:crypto";
import type { ServiceRole } from "../config/schema.js";
import { IMAGES, RUNTIMES, SUITE, runtimeOf, type ImageSpec, type RuntimeSpec } from "./specs.js";
import { dockerfile } from "./dockerfile.js";

/** Bump when the way images are assembled changes, so every tag changes with it. */
export const BUILDER_VERSION = "1";
export const REPOSITORY = "verifier";

/** What the plan needs to know about the world: content hashes of inputs and which tags exist. */
export interface PlanInputs {
  /** sha256 of each script in infra/images/files, by file name. */
  scriptHashes: Record<string, string>;
  /** sha256 over the compiled service and its lock file; undefined when the app is not needed. */
  appHash: string;
  existingTags: Set<string>;
}

export type BuildStep =
  | { kind: "runtime"; runtime: RuntimeSpec; tag: string }
  | { kind: "image"; spec: ImageSpec; tag: string; from: string; dockerfile: string };

export interface ImagePlan {
  /** The tag each role resolves to (content-addressed). */
  tags: Record<ServiceRole, string>;
  /** Only what is missing, runtimes before the images built on them. */
  steps: BuildStep[];
}

const hash = (value: unknown): string => createHash("sha256").update(JSON.stringify(value)).digest("hex").slice(0, 16);

export function runtimeTag(runtime: RuntimeSpec, scriptHashes: Record<string, string>): string {
  const scripts = runtime.scripts.map((s) => [s, scriptHashes[s]]);
  return `${REPOSITORY}/runtime-${runtime.name}:${hash({ BUILDER_VERSION, SUITE, runtime, scripts })}`;
}

export function imageTag(spec: ImageSpec, inputs: PlanInputs): string {
  const scripts = spec.scripts.map((s) => [s, inputs.scriptHashes[s]]);
  const app = spec.app ? inputs.appHash : null;
  const from = runtimeTag(runtimeOf(spec), inputs.scriptHashes);
  return `${REPOSITORY}/${spec.role}:${hash({ BUILDER_VERSION, from, spec, scripts, app })}`;
}

/** Decides which images to build; nothing is rebuilt when its inputs have not changed. */
export function planImages(inputs: PlanInputs): ImagePlan {
  const tags = Object.fromEntries(IMAGES.map((s) => [s.role, imageTag(s, inputs)])) as Record<ServiceRole, string>;
  const missing = IMAGES.filter((s) => !inputs.existingTags.has(tags[s.role]));
  const rtTag = (r: RuntimeSpec) => runtimeTag(r, inputs.scriptHashes);
  const runtimes = RUNTIMES.filter(
    (r) => missing.some((s) => s.runtime === r.name) && !inputs.existingTags.has(rtTag(r)),
  );
  const steps: BuildStep[] = [
    ...runtimes.map((runtime) => ({ kind: "runtime" as const, runtime, tag: rtTag(runtime) })),
    ...missing.map((spec) => {
      const from = rtTag(runtimeOf(spec));
      return {
        kind: "image" as const,
        spec,
        tag: tags[spec.role],
        from,
        dockerfile: dockerfile(spec, from, tags[spec.role]),
      };
    }),
  ];
  return { tags, steps };
}
