import { RunbookError } from "../cli/errors.js";
import { imageOf, previousRelease } from "./previous.js";
import { bringUp, currentImages, switchBack, switchOver, withImage } from "./steps.js";
import { activeOf, otherColour, type Colour, type Observed, type Plan, type PlanOptions } from "./types.js";

/**
 * flip [--to colour]: traffic to the other colour on whatever it runs. Warm: an instant switch. Gone
 * (containers absent or unhealthy): its declared image is started again first.
 */
export function planFlip(o: Observed, to: Colour | undefined, opts: PlanOptions): Plan {
  const from = activeOf(o);
  const target = to ?? otherColour(from);
  if (target === from) return noop(o, from, opts, `${from} already serves traffic`);
  const image = imageOf(o, target) ?? previousRelease(o);
  return moveTo(o, "flip", from, target, need(image, target), opts);
}

/**
 * rollback: traffic back to the previous release (from the release log) on the other colour. Warm and
 * on that image: an instant switch; otherwise the previous image is redeployed to the idle colour first.
 */
export function planRollback(o: Observed, opts: PlanOptions): Plan {
  const from = activeOf(o);
  const to = otherColour(from);
  return moveTo(o, "rollback", from, to, need(previousRelease(o), to), opts);
}

function moveTo(
  o: Observed,
  command: "flip" | "rollback",
  from: Colour,
  to: Colour,
  image: string,
  opts: PlanOptions,
): Plan {
  const images = withImage(currentImages(o), to, image);
  const start = bringUp(o, from, to, image);
  return {
    command,
    from,
    to,
    image,
    before: currentImages(o),
    images,
    dryRun: opts.dryRun,
    steps: [...start, ...switchOver(from, to, image, images, opts)],
    onVerifyFailed: switchBack(from, to, imageOf(o, from), opts),
    onEarlyFailure: [],
  };
}

function noop(o: Observed, colour: Colour, opts: PlanOptions, why: string): Plan {
  const images = currentImages(o);
  const image = need(imageOf(o, colour), colour);
  return {
    command: "flip",
    from: colour,
    to: colour,
    image,
    before: images,
    images,
    dryRun: opts.dryRun,
    steps: [],
    onVerifyFailed: [],
    onEarlyFailure: [],
    noop: why,
  };
}

function need(image: string | undefined, colour: Colour): string {
  if (image !== undefined) return image;
  throw new RunbookError(
    "NO_PREVIOUS_RELEASE",
    `no image is known for ${colour}: its containers are gone, nothing is declared for it and the release log has no previous release; run \`ops deploy <stack> --image <ref>\` instead`,
  );
}
