/** A call that did not settle before its deadline. */
export class DeadlineError extends Error {
  readonly code = "DEADLINE_EXCEEDED";
  constructor(
    readonly what: string,
    readonly timeoutMs: number,
  ) {
    super(`${what} did not answer within ${timeoutMs} ms`);
  }
}

/**
 * Settles like `work`, or rejects with DeadlineError after `timeoutMs`. The timer is cleared
 * either way, so a fast answer leaves nothing pending; the late work itself is not cancelled.
 */
export async function withDeadline<T>(work: Promise<T>, timeoutMs: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(() => reject(new DeadlineError(what, timeoutMs)), timeoutMs);
  });
  try {
    return await Promise.race([work, late]);
  } finally {
    clearTimeout(timer);
  }
}
