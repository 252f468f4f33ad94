import { SERVICE_UIDS } from "../model/users.js";
import type { ImageSpec, OwnedDir } from "./specs.js";

/**
 * The Dockerfile of a final image, built FROM a locally imported runtime (no registry involved).
 * Secrets never enter it: they are mounted at run time.
 */
export function dockerfile(spec: ImageSpec, from: string, tag: string): string {
  const uid = SERVICE_UIDS[spec.role];
  // Runtimes are imported with USER nobody; build steps state root explicitly, the last USER wins.
  const lines = [
    `FROM ${from}`,
    `LABEL org.opencontainers.image.title="verifier-${spec.role}" verifier.tag="${tag}"`,
    "USER 0:0",
  ];
  // App images are built with the app bundle itself as the context (no copy of node_modules first).
  if (spec.app) lines.push(`COPY --chown=0:0 . /app`);
  for (const script of spec.scripts) lines.push(`COPY --chown=0:0 bin/${script} /usr/local/bin/${script}`);
  if (spec.ownedDirs.length > 0) lines.push(ownedDirsStep(spec.ownedDirs, uid));
  lines.push(`USER ${uid}:${uid}`, `WORKDIR ${spec.app ? "/app" : "/"}`, "ENV NODE_ENV=production");
  if (spec.entrypoint.length > 0) lines.push(`ENTRYPOINT ${JSON.stringify(spec.entrypoint)}`);
  lines.push(`CMD ${JSON.stringify(spec.cmd)}`, "STOPSIGNAL SIGTERM", "");
  return lines.join("\n");
}

/** One RUN creating every owned directory; directories sharing a group and mode share one chown/chmod. */
function ownedDirsStep(dirs: OwnedDir[], uid: number): string {
  const sets = new Map<string, string[]>();
  for (const d of dirs) {
    const key = `${uid}:${d.gid ?? uid} ${(d.mode ?? 0o750).toString(8).padStart(4, "0")}`;
    sets.set(key, [...(sets.get(key) ?? []), d.path]);
  }
  const perms = [...sets].map(([key, paths]) => {
    const [owner, mode] = key.split(" ");
    return `chown ${owner} ${paths.join(" ")} && chmod ${mode} ${paths.join(" ")}`;
  });
  return `RUN mkdir -p ${dirs.map((d) => d.path).join(" ")} && ${perms.join(" && ")}`;
}
