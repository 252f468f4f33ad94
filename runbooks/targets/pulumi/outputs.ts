import { z } from "zod";
import type { ContainerRef, ProgramOutputs } from "../../../infra/pulumi/outputs.js";
import type { ColourObservation, Colour, ContainerObservation, Observed } from "../../plan/types.js";
import type { ReleaseEntry } from "../../release/schema.js";
import { BackupRunbookError } from "../../backup/errors.js";
import type { BackupSite } from "../target.js";

const colour = z.enum(["blue", "green"]);
const perColour = z.object({ blue: z.string().optional(), green: z.string().optional() });
const containerRef: z.ZodType<ContainerRef> = z.object({
  service: z.string(),
  container: z.string(),
  colour: colour.optional(),
});

/** The stack outputs infra/index.ts exports (infra/pulumi/outputs.ts), as the runbooks read them. */
export const stackOutputsSchema = z.object({
  url: z.string(),
  activeColour: colour,
  apiImages: perColour,
  backupLocation: z.string(),
  tlsCertificate: z.string(),
  /** Stacks applied before these were exported have none. */
  previewUrls: perColour.default({}),
  containers: z.array(containerRef).default([]),
  /** Docker stacks with docker:host set; none otherwise. */
  dockerHost: z.string().optional(),
});
export type StackOutputs = z.infer<typeof stackOutputsSchema>;

// Every output read here is one the program exports: renaming one there fails to compile here.
const _exported: Record<Exclude<keyof StackOutputs, keyof ProgramOutputs>, never> = {};
void _exported;

/** The workloads of a stack as the runbooks see them: references (with colours) and how each is doing. */
export interface Workloads {
  refs: ContainerRef[];
  seen: ContainerObservation[];
}

/**
 * Observed state of a Pulumi stack: declared state and images from its outputs (the last successful
 * `up`), each colour's health from where its workloads run (Docker: the containers the stack exports;
 * Kubernetes: its pods). A stack with no workload listed for a colour (a Docker stack applied before
 * `containers` was exported) counts a colour with an image as healthy: its `up` completed only once
 * every workload passed its readiness checks.
 */
export function observedFromOutputs(
  out: StackOutputs,
  { refs: all, seen }: Workloads,
  releases: ReleaseEntry[],
): Observed {
  const observe = (c: Colour): ColourObservation => {
    const image = out.apiImages[c];
    const refs = all.filter((r) => r.colour === c);
    const containers = refs.map(
      (r) => seen.find((s) => s.name === r.container) ?? { name: r.container, status: "absent", health: "none" },
    );
    const healthy = containers.every((s) => s.status === "running" && s.health === "healthy");
    return image === undefined ? { healthy: false, containers } : { image, healthy, containers };
  };
  return {
    declared: { activeColour: out.activeColour, releases: { ...out.apiImages } },
    serving: out.activeColour,
    colours: { blue: observe("blue"), green: observe("green") },
    releases,
  };
}

/**
 * Where the backup runbooks act on a Docker stack: the containers it exports by model service and
 * where its backups land. A stack that exports no backup container (Kubernetes: a CronJob) has none.
 */
export function backupSiteOf(out: StackOutputs, project: string, stack: string): BackupSite {
  const named = (service: string): string => {
    const ref = out.containers.find((r) => r.service === service);
    if (ref) return ref.container;
    throw new BackupRunbookError(
      "TARGET_UNSUPPORTED",
      `${stack}: the stack exports no ${service} container (its \`containers\` output lists ${out.containers.length}); \`ops\` runs backups on Docker stacks only (on Kubernetes \`ops backup <stack>\` says what to run by hand); a Docker stack applied before \`containers\` was exported needs one \`pulumi up\``,
    );
  };
  const api = (colour: Colour) => out.containers.filter((r) => r.colour === colour).map((r) => r.container);
  return {
    project,
    backup: named("backup"),
    postgres: named("postgres"),
    api: { blue: api("blue"), green: api("green") },
    backups: out.backupLocation,
  };
}
