/**
 * Typed errors of the sandbox service. Each has a stable code; the HTTP layer
 * maps codes to statuses in one place (server.ts), main.ts maps them to exit codes.
 */
export class SandboxError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = new.target.name;
  }
}

/** Configuration is invalid; the message names the variable, the value's problem and the fix. */
export class SandboxConfigError extends SandboxError {
  constructor(readonly problems: string[]) {
    super("SANDBOX_CONFIG_INVALID", `sandbox configuration is invalid:\n  ${problems.join("\n  ")}`);
  }
}

/** Every worker of the language is busy and the queue holds its maximum. */
export class QueueFullError extends SandboxError {
  constructor(
    readonly language: string,
    readonly queueLimit: number,
  ) {
    super(
      "SANDBOX_QUEUE_FULL",
      `all ${language} workers are busy and ${queueLimit} jobs are already queued; retry later`,
    );
  }
}

/** The service is shutting down and accepts no new jobs. */
export class ShuttingDownError extends SandboxError {
  constructor() {
    super("SANDBOX_SHUTTING_DOWN", "the sandbox is shutting down; retry against another instance");
  }
}

/** A Pyodide snapshot could not be made, so no Python worker can start. */
export class SnapshotError extends SandboxError {
  constructor(detail: string) {
    super("SANDBOX_SNAPSHOT_FAILED", `could not prepare the Python runtime: ${detail}`);
  }
}
