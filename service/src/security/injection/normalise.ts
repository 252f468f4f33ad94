import unhomoglyph from "unhomoglyph";

/** Unicode "tag" characters spell ASCII invisibly (U+E0020-U+E007E): decoded, not dropped. */
const TAG_CHARS = /[\u{E0020}-\u{E007E}]/gu;
/** Format characters (zero-width, bidi controls, soft hyphen, BOM), variation selectors, leftover tags. */
// biome-ignore lint/suspicious/noMisleadingCharacterClass: each variation selector is matched on its own, on purpose: each is removed.
const INVISIBLE = /[\p{Cf}\u{FE00}-\u{FE0F}\u{E0000}-\u{E007F}]/gu;
const COMBINING_MARKS = /\p{M}+/gu;
const NON_ASCII = /[^\x00-\x7f]/g;
const LEET: Readonly<Record<string, string>> = {
  "0": "o",
  "1": "i",
  "3": "e",
  "4": "a",
  "5": "s",
  "7": "t",
  "@": "a",
  $: "s",
};

/**
 * The text a human would read: NFKC, hidden characters removed, diacritics stripped, look-alike
 * letters of other scripts folded to ASCII, lower case, one space between words.
 */
export function normaliseText(raw: string): string {
  const decodedTags = raw.replace(TAG_CHARS, (tag) => String.fromCharCode(tag.codePointAt(0)! - 0xe0000));
  const visible = decodedTags.normalize("NFKC").replace(INVISIBLE, "");
  const bare = visible.normalize("NFD").replace(COMBINING_MARKS, "").normalize("NFC").toLowerCase();
  return bare.replace(NON_ASCII, foldConfusable).replace(/\s+/g, " ").trim();
}

/** A non-ASCII character becomes its ASCII look-alike (Cyrillic а → a) when Unicode lists one. */
function foldConfusable(char: string): string {
  const folded = unhomoglyph(char).toLowerCase();
  return /^[\x20-\x7e]+$/.test(folded) ? folded : char;
}

/** Leetspeak read back as letters, only inside words that mix letters and digits (1gn0re → ignore). */
export function unleet(text: string): string {
  return text.replace(/\S+/g, (word) =>
    /[a-z]/.test(word) && /[0-9@$]/.test(word) ? word.replace(/[013457@$]/g, (c) => LEET[c]!) : word,
  );
}

/** Letters spelled out one by one ("i g n o r e", "i.g.n.o.r.e") joined back into words. */
export function joinSpelledOut(text: string): string {
  return text.replace(/\b(?:[a-z][ .\-_*]){3,}[a-z]\b/g, (run) => run.replace(/[ .\-_*]/g, ""));
}
