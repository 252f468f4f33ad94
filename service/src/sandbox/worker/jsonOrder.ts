/**
 * The order JSON.stringify writes an object's members in (Object.keys's
 * order): array-index keys first, ascending, then the others in the order
 * they were created. QuickJS's binary form keeps creation order only.
 */
export function jsonOrder(keys: string[], parts: string[]): string[] {
  const rank = (i: number) => (isIndex(keys[i] ?? "") ? Number(keys[i]) : Number.POSITIVE_INFINITY);
  if (!keys.some(isIndex)) return parts;
  const order = keys.map((_, i) => i).sort((a, b) => rank(a) - rank(b) || a - b);
  return order.map((i) => parts[i] ?? "");
}

/** An array index: a canonical decimal integer below 2^32 - 1. */
function isIndex(key: string): boolean {
  return /^(?:0|[1-9]\d{0,9})$/.test(key) && Number(key) < 4294967295;
}
