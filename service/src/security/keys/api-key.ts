import { randomBytes } from "node:crypto";

/** Marks our keys in logs, secret scanners and support tickets. */
export const API_KEY_PREFIX = "vsk_";
/** Row id of the bootstrap key when its file holds a string that is not in our format. */
export const BOOTSTRAP_KEY_ID = "bootstrap";
/** Bounds of any key the gateway will hash; shorter or longer strings are refused without scrypt. */
export const MIN_KEY_CHARS = 32;
export const MAX_KEY_CHARS = 256;

/** The lookup id embedded in a generated key: 12 lowercase hex characters (48 random bits). */
const ID_FORMAT = "[0-9a-f]{12}";
/** `vsk_` + 12 hex characters of id + `_` + 43 base64url characters of secret (256 bits). */
const KEY_FORMAT = new RegExp(`^${API_KEY_PREFIX}(${ID_FORMAT})_[A-Za-z0-9_-]{43}$`);
/**
 * Every id a row of api_keys can have (a generated id or the bootstrap row's), as a JSON-schema
 * pattern: routes taking a key id refuse anything else before it reaches Postgres.
 */
export const KEY_ID_PATTERN = `^(?:${ID_FORMAT}|${BOOTSTRAP_KEY_ID})$`;

export interface GeneratedKey {
  /** Non-secret lookup id, shown in listings. */
  id: string;
  /** The whole key: returned to the caller once, never stored. */
  key: string;
}

export function generateApiKey(): GeneratedKey {
  const id = randomBytes(6).toString("hex");
  return { id, key: `${API_KEY_PREFIX}${id}_${randomBytes(32).toString("base64url")}` };
}

/**
 * The row a presented key must match: the id embedded in our format, else the bootstrap row
 * (the only key whose text an operator chooses); undefined when the length alone rules it out.
 */
export function lookupIdOf(presented: string): string | undefined {
  const match = KEY_FORMAT.exec(presented);
  if (match) return match[1];
  return presented.length >= MIN_KEY_CHARS && presented.length <= MAX_KEY_CHARS ? BOOTSTRAP_KEY_ID : undefined;
}
