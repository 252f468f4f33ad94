import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { basename, join } from "node:path";
import { writeFileAtomic } from "../local/fsx.js";
import { run } from "../exec/run.js";
import { ClusterError } from "./errors.js";
import type { ClusterPaths } from "./paths.js";
import { opensslPlan } from "./opensslPlan.js";
import { CA_NAME, certificatePlan, extensionsOf } from "./pkiPlan.js";

/** Every file the cluster's PKI consists of, as installed under pki/. */
export function pkiFiles(paths: ClusterPaths): string[] {
  const names = [CA_NAME, ...certificatePlan().map((c) => c.name)];
  return [
    ...names.flatMap((n) => [paths.cert(n), paths.key(n)]),
    paths.serviceAccountKey,
    paths.serviceAccountPublicKey,
  ];
}

/**
 * Makes the CA, every certificate and the service-account key pair unless all are there already. A
 * partial set is made anew as a whole (one CA signs everything). The files are made in a private
 * temporary directory, then each is installed atomically with mode 0600; nothing half-made is kept.
 * Answers whether anything was made.
 */
export async function ensurePki(paths: ClusterPaths): Promise<boolean> {
  const files = pkiFiles(paths);
  if (files.every((f) => existsSync(f))) return false;
  mkdirSync(paths.pki, { recursive: true, mode: 0o700 });
  const work = mkdtempSync(join(paths.root, ".pki-"));
  try {
    for (const c of certificatePlan()) writeFileSync(join(work, `${c.name}.ext`), extensionsOf(c), { mode: 0o600 });
    for (const argv of opensslPlan(work, certificatePlan())) await openssl(argv);
    for (const f of files) writeFileAtomic(f, readFileSync(join(work, basename(f))), 0o600);
    return true;
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

async function openssl(argv: string[]): Promise<void> {
  try {
    await run(argv);
  } catch (err) {
    throw new ClusterError(
      "CLUSTER_PKI",
      `${(err as Error).message}; check that openssl (>= 1.1.1) is installed (apt-get install openssl)`,
    );
  }
}
