import type { Histogram } from "prom-client";
import { timedQuery, type Queryable } from "../../db/timed-query.js";
import type { Role } from "../roles.js";
import type { KeyHash } from "./key-hash.js";

/** What listings show: never the key, its hash or its salt. */
export interface KeyInfo {
  id: string;
  name: string;
  role: Role;
  created_at: string;
  revoked_at: string | null;
}

export interface StoredKey extends KeyHash {
  id: string;
  role: Role;
  revoked: boolean;
}

export interface NewKey extends KeyHash {
  id: string;
  name: string;
  role: Role;
}

const INFO = `id, name, role, to_char(created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS created_at,
  to_char(revoked_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS revoked_at`;

/** The api_keys table: every query of it, each timed under its own operation label. */
export class KeyStore {
  constructor(
    private readonly db: Queryable,
    private readonly histogram: Histogram<"operation">,
  ) {}

  async find(id: string): Promise<StoredKey | undefined> {
    const { rows } = await this.query(
      "key_find",
      "SELECT id, role, salt, hash, revoked_at IS NOT NULL AS revoked FROM api_keys WHERE id = $1",
      [id],
    );
    return rows[0] as StoredKey | undefined;
  }

  async insert(key: NewKey): Promise<KeyInfo> {
    const sql = `INSERT INTO api_keys (id, name, role, salt, hash) VALUES ($1, $2, $3, $4, $5) RETURNING ${INFO}`;
    const { rows } = await this.query("key_insert", sql, [key.id, key.name, key.role, key.salt, key.hash]);
    return rows[0] as KeyInfo;
  }

  /** Replaces hash, name and role of `key.id` and un-revokes it (the bootstrap key after a rotation). */
  async upsert(key: NewKey): Promise<void> {
    const sql = `INSERT INTO api_keys (id, name, role, salt, hash) VALUES ($1, $2, $3, $4, $5)
      ON CONFLICT (id) DO UPDATE SET name = $2, role = $3, salt = $4, hash = $5, revoked_at = NULL`;
    await this.query("key_upsert", sql, [key.id, key.name, key.role, key.salt, key.hash]);
  }

  async list(): Promise<KeyInfo[]> {
    return (await this.query("key_list", `SELECT ${INFO} FROM api_keys ORDER BY created_at, id`)).rows as KeyInfo[];
  }

  /** Revokes once (a second revoke keeps the first time); undefined when no such key exists. */
  async revoke(id: string): Promise<KeyInfo | undefined> {
    const sql = `UPDATE api_keys SET revoked_at = COALESCE(revoked_at, now()) WHERE id = $1 RETURNING ${INFO}`;
    return (await this.query("key_revoke", sql, [id])).rows[0] as KeyInfo | undefined;
  }

  /** Revokes every key named `name` except `keepId` (earlier bootstrap keys after a rotation). */
  async revokeOthersNamed(name: string, keepId: string): Promise<string[]> {
    const sql =
      "UPDATE api_keys SET revoked_at = now() WHERE name = $1 AND id <> $2 AND revoked_at IS NULL RETURNING id";
    return (await this.query("key_revoke", sql, [name, keepId])).rows.map((row) => String(row.id));
  }

  private query(operation: string, sql: string, values?: unknown[]) {
    return timedQuery(this.db, this.histogram, operation, sql, values);
  }
}
