import assert from "node:assert/strict";
import type { HostileCase, PERSISTENCE_CASES } from "./hostileCorpus.js";

/**
 * The hostile corpus's checks, shared by every suite that runs it (in-process or against a
 * container), so an outcome means the same wherever the sandbox runs.
 */
export interface Answer {
  /** HTTP status of POST /execute. */
  status: number;
  body: Record<string, unknown>;
}

/** Text that would only reach an answer from the host: a passwd line or the sandbox token's variable. */
export const HOST_DATA = /root:x:0:0|SANDBOX_TOKEN/;

export function assertOutcome(k: HostileCase, answer: Answer): void {
  const seen = JSON.stringify(answer.body).slice(0, 300);
  assert.equal(answer.status, 200, `HTTP status of "${k.name}": ${seen}`);
  assert.equal(answer.body.status, k.expect.status, `status of "${k.name}": ${seen}`);
  if (k.expect.error) assert.match(String(answer.body.error), k.expect.error);
  if (k.expect.result !== undefined) assert.deepEqual(answer.body.result, k.expect.result);
  if (k.expect.stdout !== undefined) assert.equal(answer.body.stdout, k.expect.stdout);
}

/** A persistence case: the planting job ran, and the probing job (a fresh job) saw none of it. */
export function assertFreshState(k: (typeof PERSISTENCE_CASES)[number], plant: Answer, probe: Answer): void {
  assert.equal(plant.body.status, "ok", `planting job of "${k.name}": ${JSON.stringify(plant.body).slice(0, 300)}`);
  assert.deepEqual(probe.body.result, k.expected);
}

/** No answer of the run carries a secret or host data. */
export function assertNoLeak(answers: string[], secrets: string[]): void {
  for (const text of answers) {
    assert.equal(
      secrets.some((s) => text.includes(s)),
      false,
      "a secret reached an answer",
    );
    assert.equal(HOST_DATA.test(text), false, `host data reached an answer: ${text.slice(0, 200)}`);
  }
}
