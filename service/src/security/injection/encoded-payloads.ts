/** Runs long enough to hide a sentence; shorter ones (hashes of ids, 0x1F) are left alone. */
const BASE64_RUN = /[A-Za-z0-9+/_-]{16,}={0,2}/g;
const HEX_RUN = /\b(?:0x)?((?:[0-9a-fA-F]{2}){8,})\b/g;
/** Share of printable characters a decoded run needs to count as hidden text. */
const PRINTABLE_SHARE = 0.9;

/**
 * Text hidden in base64 or hex runs of `raw` (e.g. "aWdub3JlIGFsbC..."), decoded. Runs that do
 * not decode to mostly printable UTF-8 are not text and are skipped.
 */
export function decodedPayloads(raw: string): string[] {
  const found: string[] = [];
  for (const [, hex] of raw.matchAll(HEX_RUN)) keepIfText(Buffer.from(hex!, "hex"), found);
  for (const [run] of raw.matchAll(BASE64_RUN)) {
    if (/^[0-9a-fA-F]+$/.test(run)) continue;
    keepIfText(Buffer.from(run.replace(/-/g, "+").replace(/_/g, "/"), "base64"), found);
  }
  return found;
}

function keepIfText(bytes: Buffer, into: string[]): void {
  const text = new TextDecoder("utf-8", { fatal: false }).decode(bytes);
  if (text.length === 0) return;
  const printable = text.match(/[\p{L}\p{N}\p{P}\p{Zs}\p{S}]/gu)?.length ?? 0;
  if (printable / [...text].length >= PRINTABLE_SHARE && /[a-zA-Z]{2}/.test(text)) into.push(text);
}
