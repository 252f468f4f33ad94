/**
 * Which test files run where, one table for the vitest config (its projects) and `npm test` (which
 * starts them). The unit and in-process suites run in parallel; the live suites run one file at a time
 * in each of four lanes, and the lanes side by side: each lane's files share nothing with another
 * lane's (instance, Compose project, Pulumi stack, ports, Docker names), and most of their time is spent
 * waiting on containers and the engine.
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

// The local stack's own Pulumi suite (its project, stack and port) rides with the shared instance's suites:
// beside the runbook suite the Pulumi lane was the suite's longest once blue/green had left the shared one.
const PULUMI = ["tests/live/pulumi-runbooks.test.ts"];
// The prod-shaped Pulumi stack rides with the drills (the Pulumi lane had grown to the suite's longest), and
// so do the files that need no instance at all (the shared lane had, once blue/green joined it).
// The Kubernetes suites share one control plane, started before the first and stopped after the last.
const KUBERNETES = ["tests/live/k8s-*.test.ts"];
// Blue/green on an instance of its own rides with them: the shared lane had grown to the suite's longest
// (737 s, 251 of them blue/green), the Kubernetes lane was its shortest (310 s).
const BESIDE_KUBERNETES = ["tests/live/bluegreen.test.ts"];
const DRILLS = [
  "tests/live/drill.test.ts",
  "tests/live/drill-wal.test.ts",
  "tests/live/pitr.test.ts",
  "tests/live/pulumi-prod-docker.test.ts",
  "tests/live/backup-alert.test.ts",
  "tests/live/haproxy-config.test.ts",
  "tests/live/pulumi-policy.test.ts",
];

export const LANES: Lane[] = [
  {
    name: "live-shared",
    title:
      "the shared test instance's suites, and the local stack applied by the Pulumi engine (own project, stack and port)",
    include: ["tests/live/*.test.ts"],
    sharedInstance: true,
    cluster: false,
  },
  {
    name: "live-pulumi",
    title: "the runbooks on a stack the Pulumi engine applies (own project, stack and port)",
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
      "the local Kubernetes control plane built from Go modules: kwok nodes (the lane's cluster) and a real node on the Docker engine; and blue/green runbooks on an instance of their own",
    include: [...BESIDE_KUBERNETES, ...KUBERNETES],
    sharedInstance: false,
    cluster: true,
  },
];

/** What the shared lane leaves to the others. */
export const SHARED_EXCLUDE = [...PULUMI, ...DRILLS, ...BESIDE_KUBERNETES, ...KUBERNETES];

/** The lane a live file belongs to. */
export function laneOf(file: string): Lane {
  if (PULUMI.includes(file)) return LANES[1]!;
  if (DRILLS.includes(file)) return LANES[2]!;
  if (BESIDE_KUBERNETES.includes(file) || /^tests\/live\/k8s-[^/]*\.test\.ts$/.test(file)) return LANES[3]!;
  return LANES[0]!;
}
