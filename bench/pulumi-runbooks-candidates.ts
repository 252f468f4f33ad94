import { LOCAL_REGISTRY } from "../infra/images/push.js";
import { releaseCandidate } from "../tests/support/pulumiOps.js";

/**
 * Release candidates for the runbooks bench: one per round (so every round's rollback has a release of
 * its own to go back to), each the base api image plus a label, pushed to the local registry by digest.
 * Both renderings deploy the same reference.
 */
export interface Candidate {
  ref: string;
  remove: () => Promise<void>;
}

/** Adds each candidate to `into` as soon as it is pushed, so a failure on the next one still leaves it to the cleanup. */
export async function buildCandidates(
  baseApi: string,
  labelPrefix: string,
  count: number,
  into: Candidate[],
): Promise<void> {
  for (let i = 0; i < count; i++) into.push(await releaseCandidate(baseApi, `${labelPrefix}-r${i}`));
}

/**
 * The candidate gone from this host and from the registry: local and remote tags (releaseCandidate's
 * own removal), then its manifest deleted by digest (the host's registry runs with delete enabled;
 * the blobs go at its next garbage collection). Returns what the registry answered, for the report.
 */
export async function removeCandidate(c: Candidate): Promise<string> {
  await c.remove();
  const [repo, digest] = c.ref.slice(`${LOCAL_REGISTRY}/`.length).split("@");
  if (!c.ref.startsWith(`${LOCAL_REGISTRY}/`) || !repo || !digest)
    return `not deleted: ${c.ref} is not a digest reference in ${LOCAL_REGISTRY}`;
  try {
    const res = await fetch(`http://${LOCAL_REGISTRY}/v2/${repo}/manifests/${digest}`, {
      method: "DELETE",
      signal: AbortSignal.timeout(10_000),
    });
    return res.status === 202 ? "deleted" : `not deleted: the registry answered ${res.status}`;
  } catch (err) {
    return `not deleted: ${(err as Error).message}`;
  }
}
