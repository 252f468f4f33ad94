import { readFileSync } from "node:fs";
import { join } from "node:path";
import { parse, stringify } from "yaml";
import { PROJECT } from "../../../infra/config/load.js";
import { SERVICE_UIDS } from "../../../infra/model/users.js";
import { throwawayArgv } from "../job.js";
import { DRILLS_STACK } from "./environment.js";

/** Where the drill's stack file goes: beside the source's, in the workspace's project directory. */
export const drillStackFile = (root: string, id: string): string => join(root, `Pulumi.${id}.yaml`);

/**
 * The drill's stack file: the repository's Pulumi.drills.yaml with the drill's overrides on top (the
 * source's images by reference, a free port, one api replica, the restore's postgres limits).
 */
export function drillStackYaml(repoRoot: string, overrides: Record<string, unknown>): string {
  const base = parse(readFileSync(join(repoRoot, `Pulumi.${DRILLS_STACK}.yaml`), "utf8")) as {
    config: Record<string, unknown>;
  };
  const config = {
    ...base.config,
    ...Object.fromEntries(Object.entries(overrides).map(([k, v]) => [`${PROJECT}:${k}`, v])),
  };
  return stringify({ config });
}

/** Everything in the data volume goes, as the postgres user, in a throwaway without network. */
export function emptyVolumeArgv(volume: string, postgresImage: string): string[] {
  const user = `${SERVICE_UIDS.postgres}:${SERVICE_UIDS.postgres}`;
  const mounts = [{ source: volume, target: "/var/lib/postgresql/data", readOnly: false }];
  return throwawayArgv({ image: postgresImage, network: "none", user, mounts, env: {}, entrypoint: "find" }, [
    "/var/lib/postgresql/data",
    "-mindepth",
    "1",
    "-delete",
  ]);
}
