import { segmentPosition } from "./base-naming.js";
import type { Deletion } from "./retention.js";

/** What retention needs to know about one base backup. */
export interface BaseFacts {
  name: string;
  /** First WAL segment it needs; absent when its manifest is unusable. */
  startWalFile?: string;
}

export interface BaseRetentionPlan {
  /** Directories under base/ to remove (whole). */
  dirs: Deletion[];
  /** Segment names under wal/ to remove. */
  wal: Deletion[];
}

/**
 * Base backups live as long as the dump taken with them (same name): a kept dump keeps its pair.
 * WAL older than the first segment the oldest kept base backup needs can recover nothing and goes;
 * with no usable base backup kept, no WAL is removed (nothing says which is unneeded).
 */
export function planBaseRetention(
  bases: readonly BaseFacts[],
  keptDumps: ReadonlySet<string>,
  leftovers: readonly string[],
  wal: readonly string[],
): BaseRetentionPlan {
  const kept = bases.filter((b) => keptDumps.has(b.name));
  const dirs = [
    ...leftovers.map((file) => ({ file, reason: "left by an interrupted run" })),
    ...bases
      .filter((b) => !keptDumps.has(b.name))
      .map((b) => ({ file: b.name, reason: `its dump ${b.name}.dump is no longer kept` })),
  ];
  const firstNeeded = kept
    .map((b) => b.startWalFile)
    .filter((f): f is string => f !== undefined)
    .map(segmentPosition)
    .sort()[0];
  if (firstNeeded === undefined) return { dirs, wal: [] };
  const reason = `older than ${firstNeeded}, the first segment the oldest kept base backup needs`;
  return { dirs, wal: wal.filter((name) => segmentPosition(name) < firstNeeded).map((file) => ({ file, reason })) };
}
