import type { ApiSlot } from "../components/apiSlot.js";
import type { Build } from "../components/build.js";
import type { TrafficSwitchOutputs } from "../components/trafficSwitch.js";
import { step } from "../steps/command.js";
import { dockerProxyReload, dockerSmoke } from "../steps/plan.js";
import { containerName } from "./containerArgs.js";
import type { DockerContext } from "./context.js";
import { previewUrls, proxyUrl } from "./published.js";
import { specOf, singleService } from "./workloads.js";

/**
 * HAProxy routes to the active colour named in its configuration. It starts after that colour's
 * migrations; a changed configuration (a flip recorded by the runbook, a renewed certificate) is
 * applied by a graceful reload rather than a restart, so no connection is dropped. The smoke check
 * then proves the proxy reaches the active colour. Its preview listeners (previewPorts) reach each
 * colour directly, for the runbooks' smoke of the idle one.
 */
export function dockerTrafficSwitch(ctx: DockerContext, slots: ApiSlot[]): Build<TrafficSwitchOutputs> {
  return (parent, name) => {
    const active = slots.find((s) => s.colour === ctx.model.activeColour);
    if (!active) throw new Error(`no api slot for the active colour ${ctx.model.activeColour}`);
    const spec = specOf(ctx, "proxy");
    const proxyName = containerName(ctx.model, spec);
    const proxy = singleService(parent, name, spec, ctx, { replaceOnFileChange: false, dependsOn: [active.migrated] });
    const env = { environment: ctx.stepEnv };
    const reload = step(
      `${name}-reload`,
      { argv: dockerProxyReload(proxyName), triggers: [proxy.filesVersion ?? proxyName], ...env },
      { parent, dependsOn: [proxy.container] },
    );
    const smoke = step(
      `${name}-smoke`,
      {
        argv: dockerSmoke(proxyName, ctx.model.activeColour),
        triggers: [active.version, ctx.model.activeColour],
        ...env,
      },
      { parent, dependsOn: [proxy.container, reload] },
    );
    return { url: proxyUrl(ctx.model), previewUrls: previewUrls(ctx.model), routes: [proxy.container, reload, smoke] };
  };
}
