/**
 * Which requests the proxy may send again to another replica when the one it chose died before
 * answering (HAProxy's `empty-response`: the connection closed with nothing received, as after a
 * `kill -9` or an OOM kill). A request that never reached a server (`conn-failure`) is always sent
 * elsewhere; this is about one a server may have started.
 *
 * - GET and HEAD: they change nothing.
 * - `REPEATABLE_POSTS`: the answer depends on the request alone (a verification engine, a sandbox job
 *   in a fresh interpreter), and the only writes are append-only records of each attempt (an audit row,
 *   security events). A replayed request may leave one audit row more than the client's one answer:
 *   the audit records work done, and the dead replica's attempt may or may not have been recorded.
 * - `KEYED_POSTS`: the route stores what it makes (a batch job). Replayed only when the request carries
 *   `Idempotency-Key`, which the api honours: the same key with the same body from the same API key
 *   answers the one stored job (and finishes it, if its first attempt died), never makes a second.
 * - Everything else (admin routes: keys made, revoked) is never replayed.
 *
 * HAProxy copies a request into a buffer to be able to replay it; a body larger than `tune.bufsize`
 * (16 KiB) is never replayed. `retries 3` bounds the replays of a request that kills every replica.
 */
export const REPEATABLE_POSTS = [
  "/verify/math",
  "/verify/logic",
  "/verify/stats",
  "/verify/natural_language",
  "/verify/consensus",
  "/sandbox/execute",
] as const;

export const KEYED_POSTS = ["/verify/batch"] as const;

/** The request header that makes a KEYED_POSTS request safe to replay (IETF draft "The Idempotency-Key HTTP Header Field"). */
export const IDEMPOTENCY_KEY_HEADER = "idempotency-key";

/** The lines of an api backend that allow replays for exactly the requests above. */
export function replayRules(): string[] {
  return [
    `  acl repeatable_post path ${REPEATABLE_POSTS.join(" ")}`,
    `  acl keyed_post path ${KEYED_POSTS.join(" ")}`,
    `  acl has_idempotency_key req.hdr(${IDEMPOTENCY_KEY_HEADER}) -m found`,
    "  http-request disable-l7-retry if !METH_GET !METH_HEAD !repeatable_post !keyed_post",
    "  http-request disable-l7-retry if keyed_post !has_idempotency_key",
  ];
}
