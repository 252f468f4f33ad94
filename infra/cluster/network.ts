/** The cluster's address plan: the control plane listens on loopback; these ranges exist only inside the cluster. */
export const LOOPBACK = "127.0.0.1";
/** Service ClusterIPs (kube-apiserver --service-cluster-ip-range); the first one is `kubernetes.default`. */
export const SERVICE_CIDR = "10.96.0.0/16";
/**
 * The pods' addresses: kwok hands them out without any packet reaching them (kwok --cidr); a docker-runtime
 * node's bridge serves them for real (CNI host-local), its own address being the range's first.
 */
export const POD_CIDR = "10.244.0.0/16";
/** The DNS suffix of the cluster's services (the apiserver's certificate names kubernetes.default.svc.<this>). */
export const CLUSTER_DOMAIN = "cluster.local";

/** The first host address of an IPv4 range: `kubernetes.default`'s ClusterIP, the pod bridge's gateway. */
export function firstHostIp(cidr: string): string {
  const m = /^(\d+)\.(\d+)\.(\d+)\.(\d+)\/(\d+)$/.exec(cidr);
  if (!m) throw new Error(`${cidr}: not an IPv4 CIDR (a.b.c.d/n)`);
  const [a, b, c, d, bits] = m.slice(1).map(Number) as [number, number, number, number, number];
  const mask = bits === 0 ? 0 : (~0 << (32 - bits)) >>> 0;
  const first = ((((a << 24) | (b << 16) | (c << 8) | d) & mask) + 1) >>> 0;
  return [24, 16, 8, 0].map((s) => (first >>> s) & 255).join(".");
}

/** The prefix length of an IPv4 range ("10.244.0.0/16" → 16). */
export const prefixOf = (cidr: string): number => Number(cidr.split("/")[1]);
