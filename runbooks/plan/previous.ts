import { activeOf, otherColour, type Colour, type Observed } from "./types.js";

/** The image a colour runs now, or is declared to run when its containers are gone. */
export function imageOf(o: Observed, colour: Colour): string | undefined {
  return o.colours[colour].image ?? o.declared.releases[colour];
}

/** A colour that can take traffic at once: every replica healthy on a known image. */
export const isWarm = (o: Observed, colour: Colour): boolean =>
  o.colours[colour].healthy && o.colours[colour].image !== undefined;

/**
 * The release before the live one, from the log: the newest successful entry that made the active
 * colour live (on the image it still runs) left the previous release on its `from` colour.
 * Falls back to what the idle colour runs or is declared to run; undefined when nothing is known.
 */
export function previousRelease(o: Observed): string | undefined {
  const active = activeOf(o);
  const live = imageOf(o, active);
  const entry = [...o.releases]
    .reverse()
    .find((e) => e.outcome === "success" && e.to === active && (live === undefined || e.images[active] === live));
  return (entry ? entry.images[entry.from] : undefined) ?? imageOf(o, otherColour(active));
}
