import { SERVICE_ROLES, type ServiceRole } from "../config/schema.js";
import { run } from "../exec/run.js";
import { step } from "../exec/progress.js";

/**
 * The built images into a registry, so stacks with `images.source: registry` pull them by digest for
 * real. Default: Debian's docker-registry the host set-up starts on 127.0.0.1:5000 (Docker talks plain
 * HTTP to a loopback registry without configuration).
 */
export const LOCAL_REGISTRY = "127.0.0.1:5000";

export class RegistryError extends Error {
  readonly code = "REGISTRY_UNAVAILABLE";
  constructor(registry: string, detail: string) {
    super(
      `registry ${registry}: ${detail}. Start the local one with \`bash scripts/host/registry.sh\` (or npm test / npm start do it), or name a registry that answers.`,
    );
    this.name = "RegistryError";
  }
}

/** Where a local tag goes in the registry: same repository path and tag under the registry's host. */
export const remoteTag = (registry: string, local: string): string => `${registry}/${local}`;

/** The digest reference of a pushed image, out of `docker inspect`'s RepoDigests. */
export function digestRef(registry: string, local: string, repoDigests: string[]): string {
  const repo = remoteTag(registry, local).replace(/:[^:/]+$/, "");
  const found = repoDigests.find((d) => d.startsWith(`${repo}@sha256:`));
  if (!found)
    throw new RegistryError(
      registry,
      `no digest of ${repo} after the push (RepoDigests: ${JSON.stringify(repoDigests)})`,
    );
  return found;
}

async function answers(registry: string): Promise<boolean> {
  try {
    return (await fetch(`http://${registry}/v2/`, { signal: AbortSignal.timeout(3000) })).ok;
  } catch {
    return false;
  }
}

/** Pushes every role's image and returns its digest reference (`host:port/verifier/api@sha256:…`). */
export async function pushImages(
  tags: Record<ServiceRole, string>,
  registry = LOCAL_REGISTRY,
): Promise<Record<ServiceRole, string>> {
  await requireRegistry(registry);
  const refs = {} as Record<ServiceRole, string>;
  for (const role of SERVICE_ROLES) refs[role] = await pushOne(tags[role], registry);
  return refs;
}

/** Pushes one local image (a release candidate, say) and returns its digest reference. */
export async function pushImage(local: string, registry = LOCAL_REGISTRY): Promise<string> {
  await requireRegistry(registry);
  return pushOne(local, registry);
}

async function requireRegistry(registry: string): Promise<void> {
  if (!(await answers(registry))) throw new RegistryError(registry, `nothing answers on http://${registry}/v2/`);
}

async function pushOne(local: string, registry: string): Promise<string> {
  const remote = remoteTag(registry, local);
  await step(`push ${local} → ${remote}`, async () => {
    await run(["docker", "tag", local, remote]);
    await run(["docker", "push", "--quiet", remote], { timeoutMs: 600_000 });
  });
  const digests = JSON.parse(
    await run(["docker", "image", "inspect", "--format", "{{json .RepoDigests}}", remote]),
  ) as string[];
  return digestRef(registry, local, digests);
}
