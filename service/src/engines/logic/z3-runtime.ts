import { init, killThreads, type Context } from "z3-solver";

/** The shared solver: Z3's WASM build is initialised once (about 0.2 s) and reused by every query. */
export type Z3Handle = { ctx: Context<"verifier">; em: unknown };

let pending: Promise<Z3Handle> | null = null;

/** Initialises Z3 on first use and returns the shared handle; a failed start is retried on the next call. */
export function initZ3(): Promise<Z3Handle> {
  pending ??= start().catch((error: unknown) => {
    pending = null;
    throw error;
  });
  return pending;
}

async function start(): Promise<Z3Handle> {
  const api = await init();
  return { ctx: new api.Context("verifier"), em: api.em };
}

/**
 * Terminates Z3's worker threads so the process can exit (they keep the event loop alive). Safe to
 * call when Z3 was never started; the next query starts it again.
 */
export async function disposeZ3(): Promise<void> {
  const current = pending;
  pending = null;
  if (current === null) return;
  const handle = await current.catch(() => null);
  if (handle !== null) await killThreads(handle.em);
}
