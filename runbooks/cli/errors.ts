/** Codes a runbook fails with; the top-level handler prints `error [CODE]: message` and exits non-zero. */
export type RunbookErrorCode =
  | "USAGE"
  | "CONFIRMATION_REQUIRED"
  | "CONFIRMATION_DECLINED"
  | "NO_PREVIOUS_RELEASE"
  | "RELEASE_LOG_INVALID"
  | "SMOKE_FAILED"
  | "VERIFY_FAILED"
  | "SWITCH_FAILED"
  | "DEPLOY_FAILED"
  | "ROLLED_BACK"
  | "TARGET_UNSUPPORTED"
  | "STATUS_UNAVAILABLE"
  | "ADMIN_API_FAILED"
  | "TLS_TRUST"
  | "ENGINE_MISMATCH"
  | "KUBERNETES_UNREACHABLE";

/** Exit codes: 2 for usage mistakes (nothing was attempted), 1 for everything else. */
export const USAGE_EXIT = 2;
export const FAILURE_EXIT = 1;

export class RunbookError extends Error {
  constructor(
    readonly code: RunbookErrorCode,
    message: string,
    /** Machine-readable detail for `--json` (never secrets). */
    readonly detail?: unknown,
  ) {
    super(message);
    this.name = "RunbookError";
  }

  get exitCode(): number {
    return this.code === "USAGE" ? USAGE_EXIT : FAILURE_EXIT;
  }
}

export const usageError = (message: string): RunbookError => new RunbookError("USAGE", message);

/** A traffic switch that failed; `moved` says whether traffic had already left the old colour. */
export class SwitchError extends RunbookError {
  constructor(
    message: string,
    readonly moved: boolean,
  ) {
    super("SWITCH_FAILED", message, { moved });
    this.name = "SwitchError";
  }
}
