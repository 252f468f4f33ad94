/** The tables kubelet and kube-proxy put chains in. */
export const IPTABLES_TABLES = ["filter", "nat", "mangle"] as const;
const KUBE_CHAIN = /^KUBE-/;

/**
 * The commands that remove every KUBE-* chain of one table, given `<tool> -t <table> -S`: first every rule
 * outside those chains that jumps to one of them, then each chain is flushed, then deleted (a chain is
 * only deleted once nothing refers to it). kube-proxy --cleanup removes its own; the kubelet's (canary,
 * firewall) are left behind by it.
 */
export function kubeChainRemoval(tool: string, table: string, rules: string): string[][] {
  const lines = rules.split("\n").map((l) => l.trim());
  const chains = lines.flatMap((l) => (/^-N KUBE-/.test(l) ? [l.split(/\s+/)[1]!] : []));
  if (chains.length === 0) return [];
  const base = [tool, "-w", "-t", table];
  const jumps = lines.filter((l) => {
    const words = l.split(/\s+/);
    return words[0] === "-A" && !KUBE_CHAIN.test(words[1] ?? "") && /-[jg] KUBE-/.test(l);
  });
  return [
    ...jumps.map((l) => [...base, "-D", ...l.split(/\s+/).slice(1)]),
    ...chains.map((c) => [...base, "-F", c]),
    ...chains.map((c) => [...base, "-X", c]),
  ];
}

/** The KUBE-* chains `<tool> -t <table> -S` still shows. */
export const kubeChains = (rules: string): string[] =>
  rules.split("\n").flatMap((l) => (/^-N KUBE-/.test(l.trim()) ? [l.trim().split(/\s+/)[1]!] : []));

/**
 * The mount points at or under dir in /proc/self/mountinfo (field 5; octal escapes such as \040 decoded),
 * deepest first: the order they can be unmounted in.
 */
export function mountsUnder(mountinfo: string, dir: string): string[] {
  const decode = (s: string) =>
    s.replace(/\\([0-7]{3})/g, (_, o: string) => String.fromCharCode(Number.parseInt(o, 8)));
  const points = mountinfo
    .split("\n")
    .filter(Boolean)
    .map((l) => decode(l.split(" ")[4] ?? ""));
  const inside = points.filter((p) => p === dir || p.startsWith(`${dir}/`));
  return [...new Set(inside)].sort((a, b) => b.length - a.length);
}

/** One line of `docker ps -a --format '{{.ID}} {{.Label "<pod uid label>"}}'`: a container and its pod's UID. */
export interface PodContainer {
  id: string;
  podUid: string;
}

export function parsePodContainers(text: string): PodContainer[] {
  return text
    .split("\n")
    .map((l) => l.trim().split(/\s+/))
    .filter((w) => w[0])
    .map(([id, podUid]) => ({ id: id!, podUid: podUid ?? "" }));
}
