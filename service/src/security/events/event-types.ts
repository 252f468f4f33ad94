/** What a security event says; shared by the queue, the writer and the readers. */
export const EVENT_TYPES = ["BLOCKED", "RATE_LIMITED", "AUTH_FAILED", "FORBIDDEN"] as const;
export type SecurityEventType = (typeof EVENT_TYPES)[number];
/** Where in the gateway the request was refused. */
export type SecurityLayer = "address_limit" | "auth" | "authorization" | "rate_limit" | "input_limit" | "injection";

export interface SecurityEvent {
  type: SecurityEventType;
  layer: SecurityLayer;
  /** The stable code the client received (AUTH_INVALID, PROMPT_INJECTION, ...). */
  reason: string;
  keyId: string | null;
  requestId: string;
  /** sha256 hex of the refused input; never the input itself. */
  inputSha256: string | null;
  /** The per-address limits' view of the client (client-address.ts). */
  clientAddress: string | null;
  /** `METHOD /route/:pattern`, never the raw URL, so its values are few. */
  route: string | null;
}
