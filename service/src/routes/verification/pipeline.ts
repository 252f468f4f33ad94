import type { FastifyRequest } from "fastify";
import type { VerificationCache } from "../../cache/verification-cache.js";
import { canonicalJson, type Json } from "../../engines/json.js";
import type { EngineName } from "../../engines/registry.js";
import { unverifiable, type Verdict } from "../../engines/verdict.js";
import { DeadlineError, withDeadline } from "../../security/deadline.js";
import type { Gateway } from "../../security/gateway.js";
import { recordRefusal } from "../../security/refusals.js";
import { screenInput, type ApiVerdict } from "../../security/screen-input.js";
import { sha256Hex } from "../../security/sha256.js";
import { naturalLanguageFields } from "./engine-routes.js";

export type EngineRunner = (input: unknown) => Promise<Verdict>;

export interface PipelineOptions {
  gateway: Gateway;
  cache: VerificationCache<ApiVerdict>;
  runners: Readonly<Record<EngineName, EngineRunner>>;
  /** INPUT_MAX_CHARS. */
  maxChars: number;
  /** VERIFY_TIMEOUT_MS: an engine still running then yields UNVERIFIABLE TIMEOUT. */
  timeoutMs: number;
}

/** Who asked, for the security event and audit rows. */
export interface Caller {
  request: FastifyRequest;
  keyId: string;
}

/** Reasons that say more about this moment than about the input: never cached. */
const TRANSIENT_REASONS = new Set([
  "TIMEOUT",
  "SANDBOX_UNAVAILABLE",
  "INTERNAL_ERROR",
  "TRANSLATION_FAILED",
  "SOLVER_UNAVAILABLE",
]);

/** One verification: gateway screening, then the cache, then the engine under a deadline; audited either way. */
export class VerificationPipeline {
  constructor(private readonly options: PipelineOptions) {}

  async verify(engine: EngineName, input: unknown, caller: Caller): Promise<ApiVerdict> {
    const startedMs = performance.now();
    const inputSha256 = sha256Hex(canonicalJson(input as Json));
    const { gateway, cache, maxChars } = this.options;
    const screened = screenInput(input, naturalLanguageFields(engine, input), { maxChars, detector: gateway.detector });
    if (screened) {
      recordRefusal(
        gateway,
        caller.request,
        { type: "BLOCKED", layer: screened.layer, reason: screened.verdict.reason },
        caller.keyId,
        inputSha256,
      );
      return this.audited(engine, screened.verdict, { caller, inputSha256, startedMs, cached: false });
    }
    const cached = await cache.get(engine, input);
    const verdict = cached ?? (await this.run(engine, input));
    if (!cached && !TRANSIENT_REASONS.has(verdict.reason ?? "")) await cache.set(engine, input, verdict);
    return this.audited(engine, verdict, { caller, inputSha256, startedMs, cached: cached !== undefined });
  }

  private async run(engine: EngineName, input: unknown): Promise<Verdict> {
    const { runners, timeoutMs } = this.options;
    try {
      return await withDeadline(runners[engine](input), timeoutMs, `engine ${engine}`);
    } catch (error) {
      if (!(error instanceof DeadlineError)) throw error;
      return unverifiable(
        "TIMEOUT",
        `no verdict within ${timeoutMs} ms (VERIFY_TIMEOUT_MS); simplify the input or retry`,
        { engine, timeout_ms: timeoutMs },
      );
    }
  }

  private audited(
    engine: EngineName,
    verdict: ApiVerdict,
    facts: { caller: Caller; inputSha256: string; startedMs: number; cached: boolean },
  ): ApiVerdict {
    this.options.gateway.audit.record({
      keyId: facts.caller.keyId,
      requestId: facts.caller.request.id,
      engine,
      status: verdict.status,
      reason: verdict.reason,
      inputSha256: facts.inputSha256,
      proofRef: verdict.status === "VERIFIED" ? verdict.proof_ref : null,
      durationMs: performance.now() - facts.startedMs,
      cached: facts.cached,
    });
    return verdict;
  }
}
