import { createInterface } from "node:readline/promises";
import type { Operator } from "./command.js";
import { RunbookError } from "./errors.js";

/** Tiers whose changes need a person's explicit yes (or --yes). */
export const CONFIRMED_TIERS: readonly string[] = ["prod"];

/**
 * Asks before touching a confirmed tier: the operator types the stack name. Without a terminal (CI)
 * it refuses at once rather than hang; --yes skips the question.
 */
export async function confirm(
  what: string,
  stack: string,
  tier: string,
  yes: boolean,
  operator: Operator,
): Promise<void> {
  if (!CONFIRMED_TIERS.includes(tier) || yes) return;
  if (!operator.interactive) {
    throw new RunbookError(
      "CONFIRMATION_REQUIRED",
      `${what} changes ${tier} and stdin is not a terminal to confirm on; pass --yes to confirm non-interactively`,
    );
  }
  const answer = await operator.ask(`${what}\nType the stack name (${stack}) to go ahead: `);
  if (answer.trim() !== stack)
    throw new RunbookError(
      "CONFIRMATION_DECLINED",
      `not confirmed (typed "${answer.trim()}", expected "${stack}"); nothing was changed`,
    );
}

/** The real operator: stdin/stderr (stdout stays clean for --json). */
export const terminalOperator: Operator = {
  interactive: process.stdin.isTTY === true,
  async ask(question) {
    const rl = createInterface({ input: process.stdin, output: process.stderr });
    try {
      return await rl.question(question);
    } finally {
      rl.close();
    }
  },
};
