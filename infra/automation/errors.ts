import { describeLock, type LockFile, type PendingOperation } from "./interrupted.js";

/** The Pulumi CLI is not on PATH: the Automation API drives it and cannot work without it. */
export class PulumiCliMissingError extends Error {
  readonly code = "PULUMI_CLI_MISSING";
  constructor(path: string) {
    super(
      `pulumi: the Pulumi CLI was not found on PATH (\`which pulumi\` found nothing; PATH=${path}). ` +
        "This repository builds its own from Go modules: `bash engine/build.sh` prints the directory to put first on PATH " +
        "(`npm run pulumi -- <args>` does it for you). Elsewhere install it from https://www.pulumi.com/docs/install/. Nothing was changed.",
    );
    this.name = "PulumiCliMissingError";
  }
}

/** The file backend encrypts stack secrets with a passphrase; without one no stack can be opened. */
export class PassphraseMissingError extends Error {
  readonly code = "PULUMI_PASSPHRASE_MISSING";
  constructor() {
    super(
      "pulumi: neither PULUMI_CONFIG_PASSPHRASE nor PULUMI_CONFIG_PASSPHRASE_FILE is set; allowed: one of them, " +
        "holding the passphrase that encrypts this repository's stack secrets. Export one and run again. Nothing was changed.",
    );
    this.name = "PassphraseMissingError";
  }
}

/** `destroy` removes an environment: it runs only when the caller confirmed it. */
export class DestroyNotConfirmedError extends Error {
  readonly code = "DESTROY_NOT_CONFIRMED";
  constructor(stack: string) {
    super(
      `pulumi destroy ${stack}: not confirmed; pass confirmed: true after asking the operator. Kept volumes survive either way. Nothing was changed.`,
    );
    this.name = "DestroyNotConfirmedError";
  }
}

/** Another update holds the stack's lock, or one was killed (kill -9 leaves the lock behind). */
export class StackLockedError extends Error {
  readonly code = "PULUMI_STACK_LOCKED";
  constructor(stack: string, holders: string[]) {
    super(
      `pulumi ${stack}: the stack is locked${holders.length > 0 ? ` (${holders.join("; ")})` : ""}: another update of it is running, or one was killed. ` +
        `If none runs, \`npm run pulumi -- cancel --stack ${stack} --yes\` removes the lock, then \`npm run pulumi -- refresh --stack ${stack} --yes\` ` +
        "takes in what the interrupted update did. Nothing was changed.",
    );
    this.name = "StackLockedError";
  }
}

/**
 * An update was killed mid-flight: its lock (holder dead on this host) and/or its pending operations
 * remain. Another `up` would create again what may already exist, so it is refused until settled.
 */
export class UpdateInterruptedError extends Error {
  readonly code = "PULUMI_UPDATE_INTERRUPTED";
  constructor(
    readonly stackName: string,
    readonly locks: LockFile[],
    readonly pending: PendingOperation[],
  ) {
    const lines = [
      ...locks.map((l) => `lock of a dead update: ${describeLock(l)}`),
      ...pending.map((p) => `pending: ${p.op} ${p.type} ${p.name}${p.objectName ? ` (${p.objectName})` : ""}`),
    ];
    const stack = stackName;
    super(
      `pulumi ${stack}: an earlier update was interrupted and left ${locks.length} lock(s) and ${pending.length} pending operation(s):\n` +
        lines.map((l) => `  - ${l}`).join("\n") +
        "\nThe state does not know whether those objects exist, so an update is refused until they are settled. " +
        `Settle with \`recover({ stack: "${stack}" })\` of infra/automation (or \`up({ stack: "${stack}", recover: true })\`): it removes only locks whose process is dead, ` +
        "adopts finished volumes and networks, removes half-made containers, drops the other creates, and refreshes. " +
        `By hand: \`npm run pulumi -- cancel --stack ${stack} --yes\`, \`docker rm -f\` each listed container that exists, ` +
        `\`npm run pulumi -- stack export --stack ${stack} --file state.json\`, move each existing volume and network from pending_operations into resources with its id, ` +
        `\`npm run pulumi -- stack import --stack ${stack} --file state.json\`, then \`npm run pulumi -- refresh --stack ${stack} --yes --clear-pending-creates\`. Nothing was changed.`,
    );
    this.name = "UpdateInterruptedError";
  }
}

/** A CLI failure as one of ours when we know what it means and how to fix it; otherwise unchanged. */
export function cliFailure(stack: string, err: unknown): unknown {
  const text = err instanceof Error ? err.message : String(err);
  if (!text.includes("the stack is currently locked")) return err;
  const holders = text
    .split("\n")
    .map((l) => l.trim())
    .filter((l) => / created by .+ \(pid \d+\)/.test(l));
  return new StackLockedError(stack, holders);
}
