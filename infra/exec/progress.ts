/**
 * Progress on stderr for long steps: a spinner with elapsed seconds on a terminal, one line every
 * 15 s otherwise (CI logs stay short), and a final line with the step's duration.
 */
export async function step<T>(label: string, work: () => Promise<T>): Promise<T> {
  const started = Date.now();
  const tty = process.stderr.isTTY === true && process.env.CI !== "true";
  const frames = ["|", "/", "-", "\\"];
  let i = 0;
  const elapsed = () => ((Date.now() - started) / 1000).toFixed(0);
  if (!tty) process.stderr.write(`… ${label}\n`);
  const timer = setInterval(
    () => {
      if (tty) process.stderr.write(`\r${frames[i++ % 4]} ${label} ${elapsed()}s`);
      else process.stderr.write(`… ${label} (${elapsed()}s)\n`);
    },
    tty ? 200 : 15_000,
  );
  try {
    const result = await work();
    process.stderr.write(`${tty ? "\r" : ""}✓ ${label} (${((Date.now() - started) / 1000).toFixed(1)}s)\n`);
    return result;
  } catch (err) {
    process.stderr.write(`${tty ? "\r" : ""}✗ ${label} (${elapsed()}s)\n`);
    throw err;
  } finally {
    clearInterval(timer);
  }
}

/** A plain progress line on stderr (stdout is reserved for machine-readable results). */
export const say = (line: string): void => {
  process.stderr.write(`${line}\n`);
};
