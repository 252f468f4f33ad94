import { run } from "../../../infra/exec/run.js";
import type { InstanceOptions } from "../../../infra/local/prepare.js";
import { containerOf } from "../../../infra/local/up.js";
import type { DeclaredState } from "../../plan/types.js";
import type { ComposeContext } from "./context.js";

/**
 * The instance's options with every image pinned to what its containers run now, so rendering for a
 * colour change never compiles the service or rebuilds unrelated images mid-deploy (`prepare` builds
 * whatever the working tree would produce). Only when both colours' releases are explicit and every
 * other service runs; otherwise the options are returned as they are (prepare builds as `up` does).
 */
export async function pinnedToRunning(c: ComposeContext, state: DeclaredState): Promise<InstanceOptions> {
  const { blue, green } = state.releases;
  if (blue === undefined || green === undefined) return c.opts;
  const others = c.model.services.filter((s) => s.role !== "api");
  const images = await Promise.all(others.map((s) => runningImage(containerOf(c.model, s.name))));
  if (images.some((i) => i === undefined)) return c.opts;
  // images.api only names the image of colours without a release; both have one here.
  const pinned = Object.fromEntries(others.map((s, i) => [s.role, images[i]]));
  return { ...c.opts, overrides: { ...c.opts.overrides, images: { source: "registry", ...pinned, api: blue } } };
}

async function runningImage(container: string): Promise<string | undefined> {
  try {
    return (await run(["docker", "inspect", "--format", "{{.Config.Image}}", container])).trim() || undefined;
  } catch {
    return undefined;
  }
}
