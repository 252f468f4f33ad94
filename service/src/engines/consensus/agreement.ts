import type { Json } from "../json.js";
import { blocked, unverifiable, verified, type Verdict } from "../verdict.js";

/** One engine's part in a consensus: its verdict, or the fact that it timed out or failed. */
export type Outcome = { engine: string; verdict: Verdict } | { engine: string; timed_out: true; timeout_ms: number };

function outcomeJson(o: Outcome): Json {
  if ("timed_out" in o) return { engine: o.engine, timed_out: true, timeout_ms: o.timeout_ms };
  const v = o.verdict;
  return {
    engine: o.engine,
    status: v.status,
    reason: v.reason,
    message: v.message,
    ...(v.status === "VERIFIED" ? { proof_ref: v.proof_ref } : {}),
  };
}

/**
 * VERIFIED when at least one engine finished and every finished engine said VERIFIED; the same
 * non-VERIFIED status and reason from all of them is passed on; anything else is DISAGREEMENT.
 * Timed-out engines are listed in evidence but neither agree nor disagree.
 */
export function decide(outcomes: Outcome[]): Verdict {
  const finished = outcomes.flatMap((o) => ("verdict" in o ? [o.verdict] : []));
  const evidence = {
    rule: "all finished engines agree; timed-out engines are reported and excluded",
    engines: outcomes.map(outcomeJson),
  };
  if (outcomes.length === 0) return blocked("PARSE_ERROR", "no engine applies to this input", evidence);
  if (finished.length === 0) return unverifiable("TIMEOUT", "every applicable engine timed out", evidence);
  const [first] = finished as [Verdict];
  const same = finished.every((v) => v.status === first.status && v.reason === first.reason);
  if (!same)
    return unverifiable(
      "DISAGREEMENT",
      `engines disagree: ${finished.map((v) => `${v.status}${v.reason ? ` ${v.reason}` : ""}`).join(" vs ")}`,
      evidence,
    );
  const count = `${finished.length} engine(s)`;
  if (first.status === "VERIFIED") return verified(`${count} agree: VERIFIED`, evidence);
  const make = first.status === "BLOCKED" ? blocked : unverifiable;
  return make(first.reason!, `${count} agree: ${first.status} ${first.reason}`, evidence);
}
