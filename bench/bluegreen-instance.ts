import { existsSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import type { LocalPaths } from "../infra/local/paths.js";
import { execute } from "../runbooks/execute/executor.js";
import { planFlip } from "../runbooks/plan/flip.js";
import { DEFAULT_PLAN_OPTIONS, activeOf, otherColour, type Colour } from "../runbooks/plan/types.js";
import type { Target } from "../runbooks/targets/target.js";

/** How a live instance was found, so figures and tests can put it back exactly. */
export interface Snapshot {
  live: Colour;
  idle: Colour;
  /** The image the live colour ran: the base of every test release. */
  base: string;
  /** The state file's text, or undefined when there was none. */
  stateFile?: string;
}

export async function snapshot(target: Target, paths: LocalPaths): Promise<Snapshot> {
  const o = await target.observe();
  const live = activeOf(o);
  const base = o.colours[live].image;
  if (base === undefined) throw new Error(`${live} serves traffic but runs no container; bring the instance up first`);
  return {
    live,
    idle: otherColour(live),
    base,
    ...(existsSync(paths.state) ? { stateFile: readFileSync(paths.state, "utf8") } : {}),
  };
}

/** Traffic back on the colour that served (if a failure left it elsewhere), the idle colour back on the image `up` gives it, the state file as it was. */
export async function restore(target: Target, paths: LocalPaths, snap: Snapshot): Promise<void> {
  const o = await target.observe();
  if (activeOf(o) !== snap.live) {
    const run = await execute(planFlip(o, snap.live, DEFAULT_PLAN_OPTIONS), target);
    if (run.outcome !== "success") throw new Error(`could not put traffic back on ${snap.live}: ${run.error?.message}`);
  }
  const render = snap.stateFile === undefined ? { activeColour: snap.live, releases: {} } : JSON.parse(snap.stateFile);
  await target.start(snap.idle, render);
  await target.awaitHealthy(snap.idle);
  if (snap.stateFile === undefined) rmSync(paths.state, { force: true });
  else writeFileSync(paths.state, snap.stateFile);
}
