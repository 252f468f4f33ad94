import { observeContainer } from "../../../infra/local/health.js";
import { requireEngine } from "../../../infra/local/engine.js";
import { readState } from "../../../infra/local/state.js";
import { readReleases } from "../../release/log.js";
import type { ColourObservation, Colour, ContainerObservation, DeclaredState, Observed } from "../../plan/types.js";
import { apiContainers, type ComposeContext } from "./context.js";
import { proxyRuntime } from "./haproxy.js";
import { servingColour } from "./haproxyCommands.js";

/** The instance as it is, read-only: declared state, what the proxy serves, each colour's containers, the log. */
export async function observeCompose(c: ComposeContext): Promise<Observed> {
  await requireEngine();
  const colours = { blue: await observeColour(c, "blue"), green: await observeColour(c, "green") };
  return { declared: declaredState(c), serving: await serving(c), colours, releases: readReleases(c.paths.releaseLog) };
}

/** The state file when a runbook wrote one, else the stack config's own defaults. */
export function declaredState(c: ComposeContext): DeclaredState {
  return readState(c.paths.state) ?? { activeColour: c.cfg.activeColour, releases: { ...c.cfg.releases } };
}

async function observeColour(c: ComposeContext, colour: Colour): Promise<ColourObservation> {
  const found = await Promise.all(apiContainers(c, colour).map((name) => observeContainer(name)));
  const containers: ContainerObservation[] = found.map(({ name, status, health }) => ({ name, status, health }));
  const image = found.find((f) => f.image !== undefined)?.image;
  const healthy = found.every((f) => f.status === "running" && f.health === "healthy");
  return image === undefined ? { healthy: false, containers } : { image, healthy, containers };
}

/** What the proxy routes to; undefined when it is down or routes to both/neither colour. */
async function serving(c: ComposeContext): Promise<Colour | undefined> {
  try {
    return servingColour(await proxyRuntime(c).stats());
  } catch {
    return undefined;
  }
}
