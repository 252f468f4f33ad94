import { up } from "../infra/automation/index.js";
import { ensureImages } from "../infra/images/build.js";
import { imageEnvName } from "../infra/pulumi/images.js";
import { caFileOf } from "../tests/support/pulumiOps.js";
import { purgeDocker, testProject } from "../tests/support/pulumiStack.js";
import type { Cleanup } from "./cleanup.js";
import type { OpsSite } from "./pulumi-runbooks-op.js";
import { REPO_ROOT, benchStack, releaseStack } from "./stack.js";

/**
 * The two stacks of the runbooks bench, the same model rendered twice: a Compose instance of the local
 * stack and a Pulumi stack of the drills base (the runbooks pick the target by tier: local is Compose,
 * drills is Pulumi), each on its own ports and names, one api replica a colour. The Pulumi stack has
 * preview listeners, which its runbooks need to smoke the idle colour.
 */
export interface BenchPorts {
  compose: number;
  pulumi: number;
  pulumiPreview: { blue: number; green: number };
}

/** A Pulumi project in a temp directory (removed by cleanup), its stack applied by the engine. */
async function pulumiSite(
  instance: string,
  ports: BenchPorts,
  cleanup: Cleanup,
): Promise<{ site: OpsSite; baseApi: string }> {
  const overrides = { httpsPort: ports.pulumi, previewPorts: ports.pulumiPreview };
  const project = await testProject(instance, "drills", overrides);
  cleanup.add(`remove ${project.dir}`, async () => project.remove());
  cleanup.add(`purge the containers, networks and volumes of ${project.model.project}`, () =>
    purgeDocker(project.model),
  );
  await purgeDocker(project.model); // whatever a crashed earlier run left
  const workspace = { root: project.dir, env: project.env };
  const applied = await up({ stack: instance, ...workspace });
  const site: OpsSite = {
    rendering: "pulumi",
    base: "drills",
    instance,
    overrides,
    workspace,
    url: String(applied.outputs.url?.value),
    caFile: caFileOf(project, String(applied.outputs.tlsCertificate?.value)),
  };
  return { site, baseApi: project.images[imageEnvName("api")]! };
}

async function composeSite(instance: string, ports: BenchPorts, cleanup: Cleanup): Promise<OpsSite> {
  cleanup.add(`down --purge ${instance}`, () => releaseStack(instance, false));
  await releaseStack(instance, false); // whatever a crashed earlier run left
  const overrides = { httpsPort: ports.compose };
  const { stack } = await benchStack(instance, ports.compose);
  return { rendering: "compose", base: "local", instance, overrides, url: stack.url, caFile: stack.caFile };
}

/**
 * Both stacks, brought up side by side (not measured). Every step that creates something is in
 * `cleanup` before it starts, so a failure half-way leaves nothing once cleanup has run.
 */
export async function bringUp(names: { compose: string; pulumi: string }, ports: BenchPorts, cleanup: Cleanup) {
  await ensureImages({ repoRoot: REPO_ROOT }); // once, before two renderings would build them side by side
  const [compose, pulumi] = await Promise.allSettled([
    composeSite(names.compose, ports, cleanup),
    pulumiSite(names.pulumi, ports, cleanup),
  ]);
  if (compose.status === "rejected") throw compose.reason;
  if (pulumi.status === "rejected") throw pulumi.reason;
  return { compose: compose.value, pulumi: pulumi.value.site, baseApi: pulumi.value.baseApi };
}
