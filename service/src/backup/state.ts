import { compareFile, type FileFacts } from "./compare.js";
import type { Manifest, Mismatch } from "./manifest.js";

/**
 * verified: its manifest says verification passed and the file still matches it.
 * unverified: verification failed, was interrupted, or never ran.
 * corrupt: no manifest, an unreadable one, no dump, or a dump that changed since it was written.
 */
export type BackupState = "verified" | "unverified" | "corrupt";

/** What the inventory found on disk for one backup name. */
export interface Observed {
  dumpFile?: string;
  manifest?: { ok: true; manifest: Manifest } | { ok: false; problem: string };
  /** Size and sha256 of the dump file as it is now; present whenever dumpFile is. */
  actual?: FileFacts;
}

export interface Judgement {
  state: BackupState;
  reason: string;
}

/** Decides whether a backup counts; the reason is what `list` shows an operator. */
export function judgeBackup(observed: Observed): Judgement {
  const { dumpFile, manifest, actual } = observed;
  if (!dumpFile || !actual) return corrupt("manifest without its dump file");
  if (!manifest) return corrupt("dump without a manifest");
  if (!manifest.ok) return corrupt(`manifest unreadable: ${manifest.problem}`);
  if (manifest.manifest.file !== dumpFile)
    return corrupt(`manifest describes ${manifest.manifest.file}, not ${dumpFile}`);
  const changed = compareFile(manifest.manifest, actual);
  if (changed.length > 0)
    return corrupt(`dump no longer matches its manifest (${changed.map((m) => m.field).join(", ")})`);
  return judgeVerification(manifest.manifest.verification);
}

function judgeVerification(verification: Manifest["verification"]): Judgement {
  if (verification.verified) return { state: "verified", reason: `verified at ${verification.at}` };
  if (verification.at === null) return { state: "unverified", reason: "verification never finished" };
  const first = verification.mismatches[0];
  return {
    state: "unverified",
    reason: `verification failed at ${verification.at}: ${first ? describeMismatch(first) : "no detail"}`,
  };
}

/** One line per mismatch, for logs, `list` and the CLI's error line. */
export function describeMismatch(mismatch: Mismatch): string {
  return `${mismatch.subject} ${mismatch.field}: expected ${mismatch.expected ?? "null"}, found ${mismatch.actual ?? "null"}`;
}

function corrupt(reason: string): Judgement {
  return { state: "corrupt", reason };
}
