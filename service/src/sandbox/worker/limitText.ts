/**
 * The words a client reads when a job hits a limit, shared by the worker
 * (which sees most limits first) and the service (which sees the rest), so
 * a limit reads the same whoever noticed it.
 */
export function wallTimeExceeded(wallMs: number): string {
  return `the job ran longer than its wall time of ${wallMs} ms`;
}

export function resultTooLong(outputBytes: number): string {
  return `the result's JSON exceeds ${outputBytes} bytes`;
}
