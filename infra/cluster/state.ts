import { existsSync, readFileSync } from "node:fs";
import { z } from "zod";
import { writeFileAtomic } from "../local/fsx.js";
import { ClusterError } from "./errors.js";
import { COMPONENTS, NODE_RUNTIMES } from "./paths.js";

const port = z.number().int().min(1).max(65_535);

/** The loopback ports of one cluster, picked at `up` so that two clusters never collide. */
export const portsSchema = z.strictObject({
  etcdClient: port,
  etcdPeer: port,
  apiserver: port,
  controllerManager: port,
  scheduler: port,
});
export type Ports = z.infer<typeof portsSchema>;

/** What `up` records in <state>/cluster.json: enough for down, env and status to find everything. */
export const clusterStateSchema = z.strictObject({
  name: z.string(),
  binDir: z.string(),
  /** Where its pods run; state written before docker-runtime nodes existed is kwok's. */
  nodeRuntime: z.enum(NODE_RUNTIMES).default("kwok"),
  ports: portsSchema,
  /** Pids of the started components; a component not (yet) started is absent. */
  pids: z.partialRecord(z.enum(COMPONENTS), z.number().int().positive()),
  startedAt: z.string(),
});
export type ClusterState = z.infer<typeof clusterStateSchema>;

export function readState(file: string): ClusterState | undefined {
  if (!existsSync(file)) return undefined;
  const parsed = clusterStateSchema.safeParse(JSON.parse(readFileSync(file, "utf8")));
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ");
    throw new ClusterError("CLUSTER_CONFIG", `${file}: not a cluster state file (${problems}); run \`down\` to reset`);
  }
  return parsed.data;
}

/** Written atomically (temp file, fsync, rename): a crash mid-write never leaves a torn state file. */
export function writeState(file: string, state: ClusterState): void {
  writeFileAtomic(file, `${JSON.stringify(clusterStateSchema.parse(state), null, 2)}\n`, 0o600);
}
