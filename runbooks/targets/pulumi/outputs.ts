import { z } from "zod";
import type { Observed } from "../../plan/types.js";
import type { ReleaseEntry } from "../../release/schema.js";

/** The stack outputs infra/index.ts exports (infra/pulumi/outputs.ts), as the runbooks read them. */
export const stackOutputsSchema = z.object({
  url: z.string(),
  activeColour: z.enum(["blue", "green"]),
  apiImages: z.object({ blue: z.string().optional(), green: z.string().optional() }),
  backupLocation: z.string(),
});
export type StackOutputs = z.infer<typeof stackOutputsSchema>;

/**
 * Observed state of a Pulumi stack. Its outputs describe the last successful `up`, which completes only
 * once every workload passes its readiness checks: a colour with an image there counts as healthy.
 */
export function observedFromOutputs(out: StackOutputs, releases: ReleaseEntry[]): Observed {
  const colour = (image: string | undefined) => (image === undefined ? { healthy: false, containers: [] } : { image, healthy: true, containers: [] });
  return {
    declared: { activeColour: out.activeColour, releases: { ...out.apiImages } },
    serving: out.activeColour,
    colours: { blue: colour(out.apiImages.blue), green: colour(out.apiImages.green) },
    releases,
  };
}
