import type { Histogram } from "prom-client";
import { timedQuery, type Queryable } from "../../db/timed-query.js";
import type { BackgroundWrites } from "./background-writes.js";

/** One answered verification. */
export interface AuditEntry {
  keyId: string;
  requestId: string;
  engine: string;
  status: "VERIFIED" | "UNVERIFIABLE" | "BLOCKED";
  reason: string | null;
  /** sha256 hex of the engine input (canonical JSON); never the input itself. */
  inputSha256: string;
  proofRef: string | null;
  durationMs: number;
  cached: boolean;
}

/** The verification_audit table, written in the background like the security events. */
export class AuditLog {
  constructor(
    private readonly db: Queryable,
    private readonly histogram: Histogram<"operation">,
    private readonly writes: BackgroundWrites,
  ) {}

  record(entry: AuditEntry): void {
    const sql = `INSERT INTO verification_audit (key_id, request_id, engine, status, reason, input_sha256, proof_ref, duration_ms, cached)
      VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`;
    const values = [
      entry.keyId,
      entry.requestId,
      entry.engine,
      entry.status,
      entry.reason,
      entry.inputSha256,
      entry.proofRef,
      entry.durationMs,
      entry.cached,
    ];
    this.writes.start("verification_audit", () => timedQuery(this.db, this.histogram, "audit_insert", sql, values));
  }
}
