import type { JobStatus, Language } from "../worker/messages.js";

/**
 * Hostile snippets with their exact expected outcome. Effects that must not
 * happen anywhere (the planted secret in any answer, a connection to the
 * test's TCP listener, host files read or written, the service dying) are
 * asserted once over the whole run by hostile.test.ts.
 */
export interface HostileContext {
  /** Port of a TCP listener on 127.0.0.1 that must never see a connection. */
  listenerPort: number;
  /** A host path that must not exist after the run. */
  hostProofPath: string;
}

export interface HostileCase {
  name: string;
  language: Language;
  code: (ctx: HostileContext) => string;
  limits?: { wall_ms?: number; memory_mib?: number; output_bytes?: number };
  data?: unknown;
  /**
   * "runtime": the case attacks only the interpreter and its engine (imports, the FFI, code generation,
   * recursion, regular expressions, the result), never the process's files, network, descriptors,
   * signals, memory or environment, which the container wraps: its outcome is the same on any host, so
   * the live suite leaves it to the in-process one. Unset: the live suite runs it against the container too.
   */
  reaches?: "runtime";
  expect: { status: JobStatus; result?: unknown; error?: RegExp; stdout?: string };
}
