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
  expect: { status: JobStatus; result?: unknown; error?: RegExp; stdout?: string };
}
