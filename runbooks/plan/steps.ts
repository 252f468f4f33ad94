import { imageOf, isWarm } from "./previous.js";
import type { Colour, DeclaredState, Images, Observed, PlanOptions, Step } from "./types.js";

/** The declared state with one colour's image replaced (absent images stay unset). */
export function withImage(images: Images, colour: Colour, image: string | undefined): Images {
  const next: Images = { ...images };
  if (image === undefined) delete next[colour];
  else next[colour] = image;
  return next;
}

/** The images both colours run now, as far as they are known. */
export function currentImages(o: Observed): Images {
  const images: Images = {};
  for (const colour of ["blue", "green"] as const) {
    const image = imageOf(o, colour);
    if (image !== undefined) images[colour] = image;
  }
  return images;
}

/** Put `image` on the idle colour (rendered with traffic still on `active`) unless it already runs warm there. */
export function bringUp(o: Observed, active: Colour, idle: Colour, image: string): Step[] {
  if (isWarm(o, idle) && o.colours[idle].image === image) return [];
  const render: DeclaredState = { activeColour: active, releases: withImage(currentImages(o), idle, image) };
  return [
    { kind: "start", colour: idle, image, render },
    { kind: "await-healthy", colour: idle },
  ];
}

/** Smoke the candidate directly, switch atomically, verify through the proxy, then declare. */
export function switchOver(from: Colour, to: Colour, image: string, images: Images, opts: PlanOptions): Step[] {
  return [
    { kind: "smoke", colour: to, image },
    { kind: "switch", from, to },
    { kind: "verify", colour: to, image, requests: opts.verifyRequests },
    { kind: "declare", state: { activeColour: to, releases: images } },
  ];
}

/** Traffic back to `from` and proof it arrived; the declared state was never changed. */
export function switchBack(from: Colour, to: Colour, fromImage: string | undefined, opts: PlanOptions): Step[] {
  const verify: Step =
    fromImage === undefined
      ? { kind: "verify", colour: from, requests: opts.verifyRequests }
      : { kind: "verify", colour: from, image: fromImage, requests: opts.verifyRequests };
  return [{ kind: "switch", from: to, to: from }, verify];
}

/** Put the idle colour back on the image it ran before, so the previous release stays warm. */
export function restoreIdle(o: Observed, active: Colour, idle: Colour, candidate: string): Step[] {
  const before = o.colours[idle].image;
  if (before === undefined || before === candidate || !o.colours[idle].healthy) return [];
  const render: DeclaredState = { activeColour: active, releases: currentImages(o) };
  return [
    { kind: "start", colour: idle, image: before, render },
    { kind: "await-healthy", colour: idle },
  ];
}
