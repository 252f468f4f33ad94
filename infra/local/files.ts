import { join, posix } from "node:path";
import type { EnvironmentModel, ServiceSpec } from "../model/types.js";
import { writeFileAtomic } from "./fsx.js";
import type { LocalPaths } from "./paths.js";

/**
 * Config files are mounted by DIRECTORY, not file: an atomic rewrite (rename) of a bind-mounted file
 * would leave the container on the old inode, so a restarted proxy would come back with a stale colour.
 */
export const configDirOf = (paths: LocalPaths, svc: ServiceSpec, target: string): string =>
  join(paths.mounts, svc.name, posix.dirname(target).replace(/^\//, "").replace(/\//g, "_"));

export const configFileOf = (paths: LocalPaths, svc: ServiceSpec, target: string): string =>
  join(configDirOf(paths, svc, target), posix.basename(target));

/** Writes every rendered config file a container mounts read-only (no secrets in any of them). */
export function writeConfigFiles(model: EnvironmentModel, paths: LocalPaths): void {
  for (const svc of model.services) {
    for (const file of svc.configFiles) writeFileAtomic(configFileOf(paths, svc, file.target), file.content, 0o444);
  }
}
