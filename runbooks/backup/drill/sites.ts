import type { StackConfig } from "../../../infra/config/schema.js";
import type { InstanceOptions } from "../../../infra/local/prepare.js";
import type { PulumiTarget } from "../../targets/pulumi/target.js";
import type { Target } from "../../targets/target.js";
import { composeDrill } from "./composeEnv.js";
import type { DrillSite } from "./drillEnv.js";
import { readSource, type DrillSource } from "./source.js";

/** How a drill reads its source and makes its environment: the way the source itself runs. */
export interface DrillWay {
  readSource: () => Promise<DrillSource>;
  site: (id: string, src: DrillSource) => DrillSite;
}

/**
 * A Compose instance is drilled into a Compose instance; a Pulumi stack into a Pulumi stack of
 * Pulumi.drills.yaml beside it in its workspace, so a drill proves the provisioning path the source uses.
 * The Pulumi side is loaded on demand: the Automation API takes seconds to import, and `ops` on a
 * local instance never needs it.
 */
export async function drillWay(source: InstanceOptions, target: Target, cfg: StackConfig): Promise<DrillWay> {
  if (target.kind === "compose") {
    return { readSource: () => readSource(source), site: (id, src) => composeDrill(source.repoRoot, id, src) };
  }
  const pulumi = target as PulumiTarget;
  const [{ readPulumiSource }, { pulumiDrill }] = await Promise.all([
    import("./pulumiSource.js"),
    import("./pulumiEnv.js"),
  ]);
  return {
    readSource: () => readPulumiSource(pulumi, cfg),
    site: (id, src) => pulumiDrill(source.repoRoot, pulumi.workspace, id, src),
  };
}
