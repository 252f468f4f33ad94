/**
 * What an update killed mid-flight (`kill -9`, a lost machine) leaves behind, as plain data: the lock
 * file of the file backend (`<backend>/.pulumi/locks/organization/<project>/<stack>/<id>.json`, written
 * by the CLI with its pid, user, host and start time, removed when it ends) and the checkpoint's pending
 * operations (`pulumi stack export` → deployment.pending_operations: what the engine had begun and not
 * finished). The I/O that gathers them is in interruptedIo.ts.
 */
export interface LockFile {
  /** Path of the lock file on this host. */
  file: string;
  pid: number;
  username: string;
  hostname: string;
  /** When the holder took the lock (RFC 3339, as the CLI wrote it). */
  timestamp: string;
}

/** dead: no such process on this host; alive: a process with that pid runs here; elsewhere: another host's, unknowable. */
export type HolderState = "dead" | "alive" | "elsewhere";

export interface Lock extends LockFile {
  holder: HolderState;
}

export type PendingKind = "creating" | "updating" | "deleting" | "reading" | "importing";

export interface PendingOperation {
  op: PendingKind;
  urn: string;
  /** Resource type token, e.g. docker:index/container:Container. */
  type: string;
  /** The resource's Pulumi name (the URN's last part). */
  name: string;
  /** The object's own name on its provider (the `name` input), when it has one. */
  objectName?: string;
  /** The resource as the engine registered it: inputs, parent, provider, dependencies. */
  resource: Record<string, unknown>;
}

export type Interruption =
  | { kind: "none" }
  /** Someone may still be running an update: nothing may be touched. */
  | { kind: "locked"; locks: Lock[] }
  | { kind: "interrupted"; stack: string; locks: Lock[]; pending: PendingOperation[] };

export function parseLockFile(file: string, text: string): LockFile {
  const raw = JSON.parse(text) as Partial<Record<keyof LockFile, unknown>>;
  if (typeof raw.pid !== "number" || typeof raw.hostname !== "string") {
    throw new Error(
      `${file}: not a Pulumi lock file (expected {"pid": number, "hostname": string, ...}); received ${text.slice(0, 200)}`,
    );
  }
  return {
    file,
    pid: raw.pid,
    username: String(raw.username ?? ""),
    hostname: raw.hostname,
    timestamp: String(raw.timestamp ?? ""),
  };
}

interface ExportedOperation {
  type: PendingKind;
  resource: { urn: string; type: string; inputs?: Record<string, unknown> } & Record<string, unknown>;
}

/** The pending operations of a `pulumi stack export` document; none when the stack has no deployment yet. */
export function pendingOperations(exported: string): PendingOperation[] {
  const doc = JSON.parse(exported) as { deployment?: { pending_operations?: ExportedOperation[] } };
  return (doc.deployment?.pending_operations ?? []).map(({ type, resource }) => {
    const objectName = resource.inputs?.name;
    return {
      op: type,
      urn: resource.urn,
      type: resource.type,
      name: resource.urn.slice(resource.urn.lastIndexOf("::") + 2),
      ...(typeof objectName === "string" ? { objectName } : {}),
      resource,
    };
  });
}

/** A live or unknowable holder wins: its update may be running. Otherwise dead locks or pending work mean an interrupted update. */
export function assess(stack: string, locks: Lock[], pending: PendingOperation[]): Interruption {
  if (locks.some((l) => l.holder !== "dead")) return { kind: "locked", locks };
  if (locks.length === 0 && pending.length === 0) return { kind: "none" };
  return { kind: "interrupted", stack, locks, pending };
}

/** `pid 4242 on ci (root) since 2026-12-06T01:00:00Z: /state/.pulumi/locks/…/0b1c.json` */
export function describeLock(lock: LockFile): string {
  return `pid ${lock.pid} on ${lock.hostname} (${lock.username}) since ${lock.timestamp}: ${lock.file}`;
}
