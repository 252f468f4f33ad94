import type { ReleaseEntry } from "../release/schema.js";
import type { ColourObservation, Colour, DeclaredState, Observed } from "./types.js";

/** Test fixtures: observed states built from a few words, so each planner test reads as its situation. */
export const V1 = "verifier/api:v1";
export const V2 = "verifier/api:v2";
export const V3 = "verifier/api:v3";

export function warm(colour: Colour, image: string): ColourObservation {
  return {
    image,
    healthy: true,
    containers: [{ name: `verifier-t-api-${colour}-1`, status: "running", health: "healthy" }],
  };
}

export function gone(): ColourObservation {
  return { healthy: false, containers: [] };
}

export function unhealthy(colour: Colour, image: string): ColourObservation {
  return {
    image,
    healthy: false,
    containers: [{ name: `verifier-t-api-${colour}-1`, status: "restarting", health: "unhealthy" }],
  };
}

export function observed(parts: {
  blue: ColourObservation;
  green: ColourObservation;
  declared?: Partial<DeclaredState>;
  serving?: Colour;
  releases?: ReleaseEntry[];
}): Observed {
  const declared: DeclaredState = { activeColour: "blue", releases: {}, ...parts.declared };
  return {
    declared,
    serving: parts.serving ?? declared.activeColour,
    colours: { blue: parts.blue, green: parts.green },
    releases: parts.releases ?? [],
  };
}

export function entry(
  from: Colour,
  to: Colour,
  images: ReleaseEntry["images"],
  outcome: ReleaseEntry["outcome"] = "success",
): ReleaseEntry {
  return {
    time: "2025-01-01T00:00:00.000Z",
    operator: "ops",
    host: "h",
    stack: "local",
    instance: "t",
    command: "deploy",
    from,
    to,
    image: images[to] ?? V1,
    images,
    outcome,
    durationMs: 1000,
  };
}
