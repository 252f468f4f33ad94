import { imageOf, isWarm } from "./previous.js";
import { bringUp, currentImages, restoreIdle, switchBack, switchOver, withImage } from "./steps.js";
import { activeOf, otherColour, type Observed, type Plan, type PlanOptions, type Step } from "./types.js";

/**
 * deploy <image>: the image goes on the idle colour, which boots (migrations run there, expand/contract,
 * so the live colour keeps working on the new schema), gets smoked directly, takes traffic in one atomic
 * switch while the live colour drains, and is verified through the proxy. The previous colour stays warm.
 */
export function planDeploy(o: Observed, image: string, opts: PlanOptions): Plan {
  const from = activeOf(o);
  const to = otherColour(from);
  const images = withImage(currentImages(o), to, image);
  const base = { command: "deploy" as const, from, to, image, before: currentImages(o), images, dryRun: opts.dryRun };
  if (imageOf(o, from) === image && isWarm(o, from)) {
    return {
      ...base,
      to: from,
      images: currentImages(o),
      steps: [],
      onVerifyFailed: [],
      onEarlyFailure: [],
      noop: `${from} already serves ${image}`,
    };
  }
  const start = bringUp(o, from, to, image);
  const migrations: Step[] = start.length > 0 ? [{ kind: "migrations", colour: to }] : [];
  return {
    ...base,
    steps: [...start, ...migrations, ...switchOver(from, to, image, images, opts)],
    onVerifyFailed: [...switchBack(from, to, imageOf(o, from), opts), ...restoreIdle(o, from, to, image)],
    onEarlyFailure: restoreIdle(o, from, to, image),
  };
}
