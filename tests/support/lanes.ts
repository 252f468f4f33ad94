/**
 * Which test files run where, one table for the vitest config (its projects) and `npm test` (which
 * starts them). The unit and in-process suites run in parallel; the live suites run one file at a time
 * in each of four lanes, two lanes side by side (LANES_AT_ONCE): each lane's files share nothing with
 * another lane's (instance, Compose project, Pulumi stack, ports, Docker names), and most of their time
 * is spent waiting on containers and the engine.
 */
export const UNIT = {
  name: "unit",
  include: [
    "infra/**/*.test.ts",
    "runbooks/**/*.test.ts",
    "tests/unit/**/*.test.ts",
    "service/src/**/*.test.ts",
    "bench/**/*.test.ts",
  ],
};

export interface Lane {
  /** The vitest project's name (`npx vitest run --project <name>`). */
  name: string;
  /** What the lane holds, for the report. */
  title: string;
  include: string[];
  /** The shared test instance (Compose, `citest`) is purged before and after this lane. */
  sharedInstance: boolean;
  /** A local control plane (infra/cluster) runs for the lane's whole run (tests/support/clusterSetup.ts). */
  cluster: boolean;
}

const PULUMI = ["tests/live/pulumi-stack.test.ts", "tests/live/pulumi-runbooks.test.ts"];
// The prod-shaped Pulumi stack rides with the drills (the Pulumi lane had grown to the suite's longest), and
// so do the files that need no instance at all (the shared lane had, once blue/green joined it).
// The Kubernetes suites share one control plane, started before the first and stopped after the last.
const KUBERNETES = ["tests/live/k8s-*.test.ts"];
const DRILLS = [
  "tests/live/drill.test.ts",
  "tests/live/drill-wal.test.ts",
  "tests/live/pitr.test.ts",
  "tests/live/pulumi-prod-docker.test.ts",
  "tests/live/backup-alert.test.ts",
  "tests/live/haproxy-config.test.ts",
  "tests/live/haproxy-dns.test.ts",
  "tests/live/pulumi-policy.test.ts",
];

export const LANES: Lane[] = [
  {
    name: "live-shared",
    title: "the shared test instance's suites",
    include: ["tests/live/*.test.ts"],
    sharedInstance: true,
    cluster: false,
  },
  {
    name: "live-pulumi",
    title: "stacks the Pulumi engine applies (own projects, stacks and ports)",
    include: PULUMI,
    sharedInstance: false,
    cluster: false,
  },
  {
    name: "live-drills",
    title:
      "backup drills, point-in-time restore, the prod-shaped Pulumi stack (own instances, stacks and ports), and the checks that need no instance (alert rules, HAProxy configurations, the policy stack)",
    include: DRILLS,
    sharedInstance: false,
    cluster: false,
  },
  {
    name: "live-kubernetes",
    title:
      "the local Kubernetes control plane built from Go modules: kwok nodes (the lane's cluster) and a real node on the Docker engine",
    include: KUBERNETES,
    sharedInstance: false,
    cluster: true,
  },
];

/**
 * How many lanes `npm test` runs side by side. Four at once on the 2-core CI host kept the load average
 * near 50: the shared lane's load tests starved (an api replica took 54 s from kill -9 to listening, a
 * surviving replica shed 5 % of requests as overloaded, the proxy marked ready colours down), and the
 * whole run took 1.6 times as long as the sessions before. Two at once leaves them the headroom their
 * claims assume.
 */
export const LANES_AT_ONCE = 2;

/** What the shared lane leaves to the others. */
export const SHARED_EXCLUDE = [...PULUMI, ...DRILLS, ...KUBERNETES];

/** The lane a live file belongs to. */
export function laneOf(file: string): Lane {
  if (PULUMI.includes(file)) return LANES[1]!;
  if (DRILLS.includes(file)) return LANES[2]!;
  if (/^tests\/live\/k8s-[^/]*\.test\.ts$/.test(file)) return LANES[3]!;
  return LANES[0]!;
}
