import { createHash } from "node:crypto";

/** Hex sha256 of a UTF-8 string: how inputs are recorded in logs and tables instead of their text. */
export function sha256Hex(text: string): string {
  return createHash("sha256").update(text, "utf8").digest("hex");
}
