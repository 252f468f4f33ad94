import { Mutex, withTimeout } from "async-mutex";
import { init, killThreads } from "z3-solver";

/**
 * Z3 for the logic engine: its WASM build is initialised once per thread (about 0.2 s), and every query
 * runs in a scope of its own (push, then pop when it is done), so the WASM heap (which never shrinks)
 * holds at most one query's terms. A context serves QUERIES_PER_CONTEXT queries, then a fresh one is
 * made; one whose query failed, timed out or was interrupted is deleted at once.
 *
 * One query at a time, wholly: Z3 solves on a thread of its own, and a Z3 context must not be touched
 * from another thread meanwhile. The high-level bindings did exactly that (terms made and freed by the
 * garbage collector on the main thread while another query's check ran), and 30 concurrent queries
 * ended the process with "memory access out of bounds". Here every Z3 call, from making the context to
 * deleting it, happens under one lock, and no Z3 object outlives its query.
 */
type Z3 = Awaited<ReturnType<typeof init>>;
type Context = ReturnType<Z3["Z3"]["mk_context_rc"]>;

let pending: Promise<Z3> | null = null;
const lock = new Mutex();

/** Initialises Z3 on first use; a failed start is retried on the next call. */
function z3(): Promise<Z3> {
  pending ??= init().catch((error: unknown) => {
    pending = null;
    throw error;
  });
  return pending;
}

/** The queries ahead of this one held Z3 for longer than it could wait. */
export class SolverBusy extends Error {}
/** The query ran past its deadline (Z3 overran its own timeout); Z3 was interrupted. */
export class SolverOverran extends Error {}

/** A session in a scope of its own: `run` evaluates SMT-LIB commands and answers what Z3 printed. */
export interface Session {
  run(commands: string): Promise<string>;
}

/**
 * Runs `use` in a fresh scope whose solver gives up after `timeoutMs`. Waits at most `waitMs` for
 * the queries ahead (then SolverBusy). After `deadlineMs` of running the caller stops waiting (the
 * returned promise rejects with SolverOverran), Z3 is interrupted, and the lock is held until it stops.
 */
export async function withSolver<T>(
  limits: { timeoutMs: number; waitMs: number; deadlineMs: number },
  use: (s: Session) => Promise<T>,
): Promise<T> {
  const api = await z3();
  const release = await withTimeout(lock, Math.max(1, limits.waitMs), new SolverBusy()).acquire();
  let ctx: Context;
  try {
    ctx = kept?.ctx ?? newContext(api);
  } catch (error) {
    release();
    throw error;
  }
  const uses = (kept?.uses ?? 0) + 1;
  kept = null;
  let clean = true;
  // The query's declarations and assertions live in a scope of their own; the timeout goes first (the
  // SMT-LIB front end does not read a context config's).
  let first = `(push)\n(set-option :timeout ${limits.timeoutMs})\n`;
  const session: Session = {
    run: async (commands) => {
      const text = first + commands;
      first = "";
      const output = await evaluate(api, ctx, text);
      if (output.trim() === "unknown") clean = false;
      return output;
    },
  };
  const work = use(session);
  // Whatever becomes of the caller, the lock opens only once Z3 has stopped. The context is kept for the
  // next query only when this one ended cleanly (popped, no error, no timeout or interrupt).
  void work
    .then(
      async () => clean && (await evaluate(api, ctx, "(pop)\n").then(() => true)),
      () => false,
    )
    .catch(() => false)
    .then((reusable) => {
      if (reusable && uses < QUERIES_PER_CONTEXT) kept = { ctx, uses };
      else api.Z3.del_context(ctx);
      release();
    });
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      clean = false;
      api.Z3.interrupt(ctx);
      reject(new SolverOverran());
    }, limits.deadlineMs);
  });
  try {
    return await Promise.race([work, deadline]);
  } finally {
    clearTimeout(timer);
  }
}

/**
 * Queries one context serves before it is deleted and a fresh one made. Making a context and its
 * SMT-LIB front end costs about 5 ms of a trivial query's 15; a scope per query (push/pop) gives the
 * same isolation, and renewing bounds whatever a long-lived context accumulates.
 */
const QUERIES_PER_CONTEXT = 200;
let kept: { ctx: Context; uses: number } | null = null;

function newContext(api: Z3): Context {
  const config = api.Z3.mk_config();
  const ctx = api.Z3.mk_context_rc(config);
  api.Z3.del_config(config);
  return ctx;
}

/** What evaluate() uses of the Emscripten module under the bindings. */
interface Emscripten {
  HEAPU8: Uint8Array;
  _malloc(size: number): number;
  _free(ptr: number): void;
  _async_Z3_eval_smtlib2_string(ctx: Context, text: number): void;
  async_call(f: (...args: unknown[]) => void, ...args: unknown[]): Promise<string>;
}

/**
 * Z3_eval_smtlib2_string on Z3's thread, the text in memory of its own: the bindings' own wrapper
 * passes it on the WASM stack, which is popped before Z3's thread reads it, so a busy main thread
 * overwrote scripts mid-parse ("unexpected end of quoted symbol").
 */
async function evaluate(api: Z3, ctx: Context, commands: string): Promise<string> {
  const em = api.em as Emscripten;
  const bytes = new TextEncoder().encode(`${commands}\0`);
  const text = em._malloc(bytes.length);
  em.HEAPU8.set(bytes, text);
  let output: string;
  try {
    output = await em.async_call(em._async_Z3_eval_smtlib2_string as (...args: unknown[]) => void, ctx, text);
  } finally {
    em._free(text);
  }
  if (/^\s*\(error /m.test(output)) throw new Error(`Z3 refused the script: ${output.trim().slice(0, 300)}`);
  return output;
}

/**
 * Terminates Z3's worker threads so the process can exit (they keep the event loop alive). Safe to
 * call when Z3 was never started; the next query starts it again.
 */
export async function disposeZ3(): Promise<void> {
  const current = pending;
  pending = null;
  if (current === null) return;
  const api = await current.catch(() => null);
  if (api !== null) await lock.runExclusive(() => killThreads(api.em));
}
