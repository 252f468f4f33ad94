import { run } from "../../../infra/exec/run.js";
import type { ServiceRole, StackConfig } from "../../../infra/config/schema.js";
import type { PulumiTarget } from "../../targets/pulumi/target.js";
import type { StackOutputs } from "../../targets/pulumi/outputs.js";
import { BackupRunbookError } from "../errors.js";
import type { DrillSource } from "./source.js";

/**
 * A Pulumi stack as a drill's source: its backups and project from the containers it exports, and the
 * image each role runs. The stack's name is the backup files' stack (the program builds its model
 * under the Pulumi stack's name), so the drill's job lists the files the source's job wrote.
 */
export async function readPulumiSource(target: PulumiTarget, cfg: StackConfig): Promise<DrillSource> {
  const [site, out] = await Promise.all([target.backupSite(), target.stackOutputs()]);
  return {
    stack: target.instance,
    instance: target.instance,
    project: site.project,
    cfg,
    backups: site.backups,
    images: await imagesOf(out, cfg),
  };
}

/** The model role of an exported service name: `api-blue-1` is the api; every other service is its role. */
export const roleOf = (service: string): string => (/^api-(blue|green)-\d+$/.test(service) ? "api" : service);

/**
 * Per role, the reference its container was created from; one created from a pulled registry image
 * reports only an image id, and then the stack's own reference is used: the live colour's release
 * for the api, `images.<role>` for the rest.
 */
async function imagesOf(out: StackOutputs, cfg: StackConfig): Promise<Record<string, string>> {
  const live = out.containers.filter(
    (c) => c.colour === undefined || (c.colour === out.activeColour && c.service.endsWith("-1")),
  );
  const images: Record<string, string> = {};
  for (const ref of live) {
    const role = roleOf(ref.service);
    const running = (
      await run(["docker", "inspect", "--format", "{{.Config.Image}}", ref.container]).catch(() => "")
    ).trim();
    const declared = role === "api" ? out.apiImages[out.activeColour] : cfg.images[role as ServiceRole];
    const image = running && !running.startsWith("sha256:") ? running : declared;
    if (!image) {
      throw new BackupRunbookError(
        "DRILL_FAILED",
        `no image reference is known for ${role}: container ${ref.container} ${running ? `runs image id ${running} only` : "does not exist"} and the stack declares none; run \`pulumi up\` of the source once`,
      );
    }
    images[role] = image;
  }
  return images;
}
