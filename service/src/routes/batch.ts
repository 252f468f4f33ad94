import { createHash, randomUUID } from "node:crypto";
import type { FastifyPluginAsync } from "fastify";
import { BATCH_LIMITS, runBatch, type BatchItem } from "../engines/batch/run-batch.js";
import { ENGINE_NAMES } from "../engines/registry.js";
import type { Verdict } from "../engines/verdict.js";
import { ApiError } from "../security/errors.js";
import { principalOf } from "../security/request-principal.js";
import type { ApiVerdict } from "../security/screen-input.js";
import { apiKeySecurity, errorResponses, verdictSchema } from "./api-schemas.js";
import type { BatchClaim, BatchStore } from "./verification/batch-store.js";
import { BATCH_ENGINE_ALIASES } from "./verification/engine-routes.js";
import type { Caller, VerificationPipeline } from "./verification/pipeline.js";

export interface BatchRouteOptions {
  pipeline: VerificationPipeline;
  store: BatchStore;
  /** BATCH_CONCURRENCY, bounded by what runBatch accepts. */
  concurrency: number;
}

const engineNames = [...ENGINE_NAMES, ...Object.keys(BATCH_ENGINE_ALIASES)];
const batchBody = {
  type: "object",
  required: ["items"],
  additionalProperties: false,
  properties: {
    items: {
      type: "array",
      minItems: 1,
      maxItems: BATCH_LIMITS.maxItems,
      items: {
        type: "object",
        required: ["engine", "input"],
        additionalProperties: false,
        properties: {
          engine: { type: "string", minLength: 1, maxLength: 32, description: `one of ${engineNames.join(", ")}` },
          input: { description: "that engine's input" },
        },
      },
    },
  },
} as const;
const jobBody = {
  type: "object",
  required: ["id", "status", "item_count", "created_at", "completed_at", "results"],
  properties: {
    id: { type: "string", format: "uuid" },
    status: { type: "string", enum: ["running", "completed"] },
    item_count: { type: "integer" },
    created_at: { type: "string" },
    completed_at: { type: ["string", "null"] },
    results: { type: ["array", "null"], items: verdictSchema },
  },
} as const;
/**
 * Idempotency-Key (IETF draft "The Idempotency-Key HTTP Header Field"): the same key with the same items
 * from the same API key answers the one stored job, so a client, or the proxy after a replica died
 * mid-request, may send a batch again without making a second job.
 */
const IDEMPOTENCY_KEY = "idempotency-key";
const batchHeaders = {
  type: "object",
  properties: {
    [IDEMPOTENCY_KEY]: {
      type: "string",
      pattern: "^[\\x21-\\x7e]{1,255}$",
      description:
        "1-255 printable ASCII characters, no spaces. A repeat with the same items answers the stored job (header Idempotent-Replayed: true); with other items, 422",
    },
  },
} as const;
const idParams = { type: "object", required: ["id"], properties: { id: { type: "string", format: "uuid" } } } as const;

/** POST /verify/batch runs 1-100 items and stores the job; GET /verify/batch/:id reads it back, for its own key only. */
export const batchRoutes: FastifyPluginAsync<BatchRouteOptions> = async (app, { pipeline, store, concurrency }) => {
  app.post<{ Body: { items: BatchItem[] } }>(
    "/verify/batch",
    {
      config: { permission: "verify" },
      schema: {
        tags: ["verify"],
        summary: "Verify 1-100 items in one job",
        security: apiKeySecurity,
        headers: batchHeaders,
        body: batchBody,
        response: { 200: jobBody, ...errorResponses(413, 415, 422) },
      },
    },
    async (request, reply) => {
      const caller = { request, keyId: principalOf(request).keyId };
      const claim = await storing(() =>
        claimJob(store, caller.keyId, request.body.items, request.headers[IDEMPOTENCY_KEY]),
      );
      if (claim.kind === "replay") {
        void reply.header("idempotent-replayed", "true");
        return claim.job;
      }
      if (claim.kind === "reused")
        throw new ApiError(
          "IDEMPOTENCY_KEY_REUSED",
          `Idempotency-Key ${request.headers[IDEMPOTENCY_KEY]} was sent before by this API key with other items; use a new key for a different batch (the same key with the same items answers the stored job)`,
        );
      const { id } = claim;
      const results = await runBatch(request.body.items, {
        concurrency: Math.min(concurrency, BATCH_LIMITS.maxConcurrency),
        runners: gatedRunners(pipeline, caller),
      });
      return storing(() => store.complete(id, results));
    },
  );

  app.get<{ Params: { id: string } }>(
    "/verify/batch/:id",
    {
      config: { permission: "batch:read" },
      schema: {
        tags: ["verify"],
        summary: "A batch job of the calling key",
        security: apiKeySecurity,
        params: idParams,
        response: { 200: jobBody, ...errorResponses(404) },
      },
    },
    async (request) => {
      const job = await storing(() => store.find(request.params.id, principalOf(request).keyId));
      if (!job)
        throw new ApiError(
          "BATCH_NOT_FOUND",
          `no batch job ${request.params.id} belongs to this API key; use the id returned by POST /verify/batch with the same key`,
        );
      return job;
    },
  );
};

/**
 * runBatch's runners, each going through the whole pipeline (limits, injection, cache, audit).
 * The cast: runBatch only hands verdicts back, and a gateway verdict is one whose reason
 * (PROMPT_INJECTION) the engines' reason list does not carry.
 */
function gatedRunners(
  pipeline: VerificationPipeline,
  caller: Caller,
): Record<string, (input: unknown) => Promise<Verdict>> {
  const run = (engine: (typeof ENGINE_NAMES)[number]) => (input: unknown) =>
    pipeline.verify(engine, input, caller) as Promise<ApiVerdict> as Promise<Verdict>;
  const named = ENGINE_NAMES.map((engine) => [engine, run(engine)] as const);
  const aliases = Object.entries(BATCH_ENGINE_ALIASES).map(([alias, engine]) => [alias, run(engine)] as const);
  return Object.fromEntries([...named, ...aliases]);
}

/** A new job, or with an Idempotency-Key the one stored under it (see BatchStore.claim). */
async function claimJob(
  store: BatchStore,
  keyId: string,
  items: BatchItem[],
  key: string | string[] | undefined,
): Promise<BatchClaim> {
  const id = randomUUID();
  if (typeof key !== "string") {
    await store.start(id, keyId, items.length);
    return { kind: "run", id };
  }
  const requestSha256 = createHash("sha256").update(JSON.stringify(items)).digest("hex");
  return store.claim(id, keyId, items.length, { key, requestSha256 });
}

async function storing<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch {
    throw new ApiError("BATCH_STORE_UNAVAILABLE", "batch jobs cannot be stored or read right now; retry shortly");
  }
}
