import { readFileSync, existsSync } from "node:fs";
import { parse } from "yaml";
import { run } from "../../../infra/exec/run.js";
import type { StackConfig } from "../../../infra/config/schema.js";
import type { InstanceOptions } from "../../../infra/local/prepare.js";
import { readState } from "../../../infra/local/state.js";
import { backupListingSchema, type ListedBackup } from "../../plan/backups.js";
import { composeContext, type ComposeContext } from "../../targets/compose/context.js";
import { BackupRunbookError } from "../errors.js";
import { containerOf } from "../job.js";
import {
  jobAnswer,
  manifestSchema,
  physicalListingSchema,
  type DumpManifest,
  type PhysicalListing,
} from "../schemas.js";
import { catArgv, jobArgv, type DrillNames } from "./plan.js";

/** What a drill needs to know about the stack it restores. */
export interface DrillSource {
  stack: string;
  instance: string;
  project: string;
  cfg: StackConfig;
  /** The source's backup volume name (or host path). */
  backups: string;
  /** Image reference per role, as the source's containers run them. */
  images: Record<string, string>;
}

export async function readSource(opts: InstanceOptions): Promise<DrillSource> {
  const c = composeContext(opts);
  const backups = c.cfg.backup.location.startsWith("/") ? c.cfg.backup.location : `${c.project}-backups`;
  return {
    stack: opts.stack,
    instance: opts.instance ?? opts.stack,
    project: c.project,
    cfg: c.cfg,
    backups,
    images: await imagesOf(c),
  };
}

/**
 * The image each role's container runs now (the active colour's for the api); a container that is
 * gone (the disaster) is looked up in the instance's rendered Compose file instead.
 */
async function imagesOf(c: ComposeContext): Promise<Record<string, string>> {
  const declared = declaredImages(c.paths.compose);
  const active = readState(c.paths.state)?.activeColour ?? c.cfg.activeColour;
  const images: Record<string, string> = {};
  for (const spec of c.model.services.filter((s) => s.role !== "api" || s.name === `api-${active}-1`)) {
    const running = await run([
      "docker",
      "inspect",
      "--format",
      "{{.Config.Image}}",
      containerOf(c.project, spec.name),
    ]).then(
      (o) => o.trim(),
      () => undefined,
    );
    const image = running || declared[spec.name];
    if (image === undefined) {
      throw new BackupRunbookError(
        "DRILL_FAILED",
        `no image is known for ${spec.role}: container ${containerOf(c.project, spec.name)} does not exist and ${c.paths.compose} names none; start the source once`,
      );
    }
    images[spec.role] = image;
  }
  return images;
}

function declaredImages(composeFile: string): Record<string, string | undefined> {
  if (!existsSync(composeFile)) return {};
  const doc = parse(readFileSync(composeFile, "utf8")) as { services?: Record<string, { image?: string }> };
  return Object.fromEntries(Object.entries(doc.services ?? {}).map(([name, s]) => [name, s.image]));
}

/** The source's backups as its job judges them, read from the volume by a throwaway (the source's containers may be gone). */
export async function listSource(
  src: DrillSource,
  names: DrillNames,
): Promise<{ listing: ListedBackup[]; physical?: PhysicalListing }> {
  const ask = (args: string[]) => run(jobArgv(names, src.images.backup!, src.stack, args), { timeoutMs: 10 * 60_000 });
  const [list, bases] = await Promise.all([ask(["list"]), src.cfg.backup.walArchiving ? ask(["bases"]) : undefined]);
  const listing = jobAnswer(backupListingSchema, list, "list");
  return bases === undefined ? { listing } : { listing, physical: jobAnswer(physicalListingSchema, bases, "bases") };
}

export async function readDumpManifest(src: DrillSource, names: DrillNames, dump: string): Promise<DumpManifest> {
  const text = await run(catArgv(names, src.images.backup!, dump.replace(/\.dump$/, ".manifest.json")));
  return jobAnswer(manifestSchema, text, `manifest of ${dump}`);
}
