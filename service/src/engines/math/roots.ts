/** Integer k-th root of a non-negative bigint when it is exact, else null (Newton's method). */
export function exactRoot(n: bigint, k: number): bigint | null {
  if (n < 0n) return null;
  if (n < 2n) return n;
  const root = floorRoot(n, BigInt(k));
  return root ** BigInt(k) === n ? root : null;
}

function floorRoot(n: bigint, k: bigint): bigint {
  let x = 1n << BigInt(Math.ceil(n.toString(2).length / Number(k)));
  for (;;) {
    const next = ((k - 1n) * x + n / x ** (k - 1n)) / k;
    if (next >= x) return x;
    x = next;
  }
}

/** Bit length of a non-negative bigint (0 for 0). */
export function bitLength(n: bigint): number {
  return n === 0n ? 0 : n.toString(2).length;
}
