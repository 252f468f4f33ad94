import { renderCompose, type ComposeFile } from "../../infra/compose/render.js";
import type { ResolvedImages } from "../../infra/model/build.js";
import { buildModel } from "../../infra/model/build.js";
import { parseStackConfig } from "../../infra/config/load.js";
import { resolveImages } from "../../infra/pulumi/images.js";
import { builtImageEnv, rawStackConfig } from "../../infra/pulumi/testing/stacks.js";
import { plain, sha256, type Recorded } from "../../infra/pulumi/testing/harness.js";
import { T, type StackRun } from "../../infra/pulumi/testing/run.js";

/** The fields both renderings must agree on, in one shape. */
export interface Comparable {
  image: string;
  user: string;
  /** Supplementary groups (group_add / groupAdds). */
  groups: string[];
  networks: string[];
  /** Every variable with its value: secrets reach both as file paths (`*_FILE`), never as values. */
  env: Record<string, string>;
  published: string[];
  healthcheck: string[];
  memoryMiB: number;
  memoryWithSwapMiB: number;
  cpus: number;
  pids: number;
  readOnly: boolean;
  capDrop: string[];
  capAdd: string[];
  tmpfs: string[];
  stopSignal: string;
  graceSeconds: number;
  restart: string;
}

export function fromCompose(compose: ComposeFile, project: string): Map<string, Comparable> {
  return new Map(
    Object.values(compose.services).map((s: any) => [
      String(s.container_name).slice(project.length + 1),
      {
        image: s.image,
        user: s.user,
        groups: s.group_add ?? [],
        networks: Object.keys(s.networks)
          .map((n) => `${project}-${n}`)
          .sort(),
        env: sortedEnv(Object.entries(s.environment as Record<string, unknown>).map(([k, v]) => [k, String(v)])),
        published: (s.ports ?? []).slice().sort(),
        healthcheck: s.healthcheck.test,
        memoryMiB: Number(String(s.mem_limit).replace(/m$/, "")),
        memoryWithSwapMiB: Number(String(s.memswap_limit).replace(/m$/, "")),
        cpus: Number(s.cpus),
        pids: s.pids_limit,
        readOnly: s.read_only,
        capDrop: s.cap_drop,
        capAdd: s.cap_add ?? [],
        tmpfs: s.tmpfs.slice().sort(),
        stopSignal: s.stop_signal,
        graceSeconds: Number(String(s.stop_grace_period).replace(/s$/, "")),
        restart: s.restart,
      },
    ]),
  );
}

export function fromPulumi(run: StackRun, project: string): Map<string, Comparable> {
  const containers = run.ofType(T.container).filter((c) => !c.name.endsWith("-files"));
  return new Map(containers.map((c) => [String(c.inputs.name).slice(project.length + 1), comparable(run, c)]));
}

function comparable(run: StackRun, c: Recorded): Comparable {
  const i = plain(c.inputs) as Record<string, any>;
  const pids = run.get(T.command, `${c.name}-pids`).inputs.create as string;
  return {
    image: imageRef(run, i.image),
    user: i.user,
    groups: i.groupAdds ?? [],
    networks: (i.networksAdvanced as { name: string }[]).map((n) => n.name).sort(),
    env: sortedEnv((i.envs as string[]).map((e) => [e.slice(0, e.indexOf("=")), e.slice(e.indexOf("=") + 1)])),
    published: ((i.ports ?? []) as { ip: string; external: number; internal: number }[])
      .map((p) => `${p.ip}:${p.external}:${p.internal}`)
      .sort(),
    healthcheck: i.healthcheck.tests,
    memoryMiB: i.memory,
    memoryWithSwapMiB: i.memorySwap,
    cpus: Number(i.cpus),
    pids: Number(/--pids-limit (\d+)/.exec(pids)?.[1]),
    readOnly: i.readOnly,
    capDrop: i.capabilities.drops,
    capAdd: i.capabilities.adds ?? [],
    tmpfs: Object.entries(i.tmpfs as Record<string, string>)
      .map(([t, o]) => `${t}:${o}`)
      .sort(),
    stopSignal: i.stopSignal,
    graceSeconds: i.stopTimeout,
    restart: i.restart,
  };
}

const sortedEnv = (pairs: string[][]): Record<string, string> =>
  Object.fromEntries(pairs.sort(([a], [b]) => (a! < b! ? -1 : a! > b! ? 1 : 0)));

/** A registry image reaches the container as the RemoteImage's id; map it back to the reference. */
function imageRef(run: StackRun, image: string): string {
  if (!image.startsWith("sha256:")) return image;
  const remote = run.ofType(T.remoteImage).find((r) => `sha256:${sha256(String(r.inputs.name))}` === image);
  return remote ? String(remote.inputs.name) : image;
}

/** Every field on which the two renderings differ, as "service.field: compose=… pulumi=…". */
export function differences<C extends object>(compose: Map<string, C>, pulumi: Map<string, C>): string[] {
  const names = [...new Set([...compose.keys(), ...pulumi.keys()])].sort();
  return names.flatMap((name) => {
    const a = compose.get(name);
    const b = pulumi.get(name);
    if (!a || !b) return [`${name}: only in ${a ? "compose" : "pulumi"}`];
    return (Object.keys(a) as (keyof C & string)[])
      .filter((k) => JSON.stringify(a[k]) !== JSON.stringify(b[k]))
      .map((k) => `${name}.${k}: compose=${JSON.stringify(a[k])} pulumi=${JSON.stringify(b[k])}`);
  });
}

/** The Compose rendering of a stack file, with the images the Pulumi program resolves for it. */
export function composeOf(
  stack: string,
  overrides: Record<string, unknown> = {},
): { compose: ComposeFile; project: string } {
  const cfg = parseStackConfig(rawStackConfig(stack, overrides), stack);
  const images: ResolvedImages = resolveImages(stack, cfg, builtImageEnv());
  const model = buildModel(stack, cfg, images);
  const paths = { secretsDir: () => "/s", configDir: () => "/c", hostVolume: () => undefined };
  return { compose: renderCompose(model, images, paths), project: model.project };
}
