import { ROLES } from "../security/roles.js";

/** Body of every 4xx/5xx (plugins/error-handler.ts): clients switch on `code`. */
export const errorSchema = {
  type: "object",
  required: ["statusCode", "code", "error", "message", "requestId"],
  properties: {
    statusCode: { type: "integer" },
    code: { type: "string" },
    error: { type: "string" },
    message: { type: "string" },
    requestId: { type: "string" },
  },
} as const;

/** The refusals any gated route can answer with, plus `extra` statuses of its own. */
export function errorResponses(...extra: number[]): Record<number, typeof errorSchema> {
  return Object.fromEntries([400, 401, 403, 429, 503, ...extra].map((status) => [status, errorSchema]));
}

/** The verdict contract of every /verify/* answer; `proof_ref` is present exactly when VERIFIED. */
export const verdictSchema = {
  type: "object",
  required: ["status", "reason", "message", "evidence"],
  properties: {
    status: { type: "string", enum: ["VERIFIED", "UNVERIFIABLE", "BLOCKED"] },
    reason: { type: ["string", "null"], description: "stable code; null exactly when VERIFIED" },
    message: { type: "string" },
    evidence: {
      description: "what the engine checked (JSON); proof_ref hashes its canonical JSON before HTML encoding",
    },
    proof_ref: { type: "string", pattern: "^sha256:[0-9a-f]{64}$" },
  },
} as const;

export const keyInfoSchema = {
  type: "object",
  required: ["id", "name", "role", "created_at", "revoked_at"],
  properties: {
    id: { type: "string" },
    name: { type: "string" },
    role: { type: "string", enum: ROLES },
    created_at: { type: "string", format: "date-time" },
    revoked_at: { type: ["string", "null"], format: "date-time" },
  },
} as const;

/** Declared on every gated route so the OpenAPI document says which header to send. */
export const apiKeySecurity: { [scheme: string]: string[] }[] = [{ apiKey: [] }, { bearer: [] }];
