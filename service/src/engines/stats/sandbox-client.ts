/** What the stats engine sends to the sandbox: the code and every data column as numbers. */
export type SandboxRequest = { language: "python" | "javascript"; code: string; data: Record<string, number[]> };

/**
 * The sandbox's answer (the shape of src/sandbox's job result). `status` "ok" means the code finished
 * and `result` is its JSON value; "timeout" means it ran out of wall time; any other status
 * ("error", "memory", "output_limit") means it failed.
 */
export type SandboxResponse = { status: string; result: unknown; stdout: string; error?: string; duration_ms: number };

/**
 * The one seam through which code claims run; nothing else in the engines executes user code.
 * `execute` throws when no result could be had: an error whose `code` is "SANDBOX_REQUEST_REJECTED"
 * means the sandbox refused the job (BLOCKED INVALID_INPUT); any other throw is SANDBOX_UNAVAILABLE.
 */
export interface SandboxClient {
  execute(request: SandboxRequest): Promise<SandboxResponse>;
}
