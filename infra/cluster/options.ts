import { homedir } from "node:os";
import { isAbsolute, join } from "node:path";
import { z } from "zod";
import { ClusterError } from "./errors.js";
import { NODE_RUNTIMES } from "./paths.js";

/** Unix sockets live under a docker-runtime node's state directory; a socket path has at most 107 bytes. */
export const DOCKER_STATE_DIR_MAX = 60;

/** The options of one local cluster: the CLI's flags and startCluster's argument, one schema. */
export const clusterOptionsSchema = z
  .strictObject({
    /** The cluster's name: its state directory's last part. Default "local". */
    name: z
      .string()
      .regex(/^[a-z0-9][a-z0-9-]{0,39}$/, "lower-case letters, digits and '-', at most 40")
      .default("local"),
    /** Where the cluster keeps everything (absolute). Default: VERIFIER_CLUSTER_STATE, else
     * ${XDG_STATE_HOME:-~/.local/state}/verifier-cluster/<name>. */
    stateDir: z.string().refine(isAbsolute, "an absolute path").optional(),
    /** How long `up` may wait for the apiserver, the nodes and the controllers, in ms. Default 180000. */
    readyTimeoutMs: z.number().int().min(10_000).max(1_800_000).default(180_000),
    /**
     * Where pods run. "kwok" (default): fake nodes; pods turn Running and Ready, no container ever runs.
     * "docker": one real node on this host's Docker engine (cri-dockerd, kubelet, kube-proxy, CoreDNS);
     * pods pull their images and run; one such cluster per host.
     */
    nodeRuntime: z.enum(NODE_RUNTIMES).default("kwok"),
    /** How many nodes to register. Default 2 kwok nodes; a docker-runtime cluster has exactly 1. */
    nodes: z.number().int().min(1).max(10).optional(),
  })
  .refine((o) => o.nodeRuntime !== "docker" || o.nodes === undefined || o.nodes === 1, {
    path: ["nodes"],
    message: "a docker-runtime cluster has exactly 1 node (this host's kubelet); leave nodes out or set 1",
  });

export type ClusterOptionsInput = z.input<typeof clusterOptionsSchema>;
export type ClusterOptions = z.output<typeof clusterOptionsSchema> & { stateDir: string; nodes: number };

/** Validates the options (every problem at once) and settles the state directory and the node count. */
export function resolveOptions(input: ClusterOptionsInput, env: NodeJS.ProcessEnv = process.env): ClusterOptions {
  const parsed = clusterOptionsSchema.safeParse(input);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${i.path.join(".") || "options"}: ${i.message}`);
    throw new ClusterError("CLUSTER_CONFIG", `cluster options: ${problems.join("; ")}; fix them and run again`);
  }
  const o = parsed.data;
  const stateDir = o.stateDir ?? env.VERIFIER_CLUSTER_STATE ?? defaultStateDir(o.name, env);
  if (!isAbsolute(stateDir))
    throw new ClusterError("CLUSTER_CONFIG", `VERIFIER_CLUSTER_STATE=${stateDir}: not an absolute path; set one`);
  if (o.nodeRuntime === "docker" && stateDir.length > DOCKER_STATE_DIR_MAX)
    throw new ClusterError(
      "CLUSTER_CONFIG",
      `stateDir ${stateDir}: ${stateDir.length} characters; a docker-runtime cluster's (kubelet and cri-dockerd sockets live in it) may have at most ${DOCKER_STATE_DIR_MAX}; choose a shorter --state-dir`,
    );
  return { ...o, stateDir, nodes: o.nodes ?? (o.nodeRuntime === "docker" ? 1 : 2) };
}

function defaultStateDir(name: string, env: NodeJS.ProcessEnv): string {
  const stateHome = env.XDG_STATE_HOME || join(env.HOME || homedir(), ".local", "state");
  return join(stateHome, "verifier-cluster", name);
}

/** A duration as the CLI takes it: whole seconds or minutes ("90s", "3m"); nothing else. */
export function parseDurationMs(text: string, flag: string): number {
  const m = /^(\d+)(s|m)$/.exec(text);
  if (!m) throw new ClusterError("CLUSTER_CONFIG", `${flag} ${text}: not a duration; use e.g. 90s or 3m`);
  return Number(m[1]) * (m[2] === "m" ? 60_000 : 1_000);
}
