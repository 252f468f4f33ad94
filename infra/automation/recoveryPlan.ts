import type { Lock, PendingOperation } from "./interrupted.js";

/**
 * How an interrupted update is settled, decided as plain data from what was found; recover.ts does it.
 *
 * A pending create means the engine asked the provider for an object and never heard back. Whether
 * the object exists is asked of Docker by the name the program gave it. Volumes and networks are made
 * in one call, so one that exists is complete: it is adopted (recorded in the state with its id; a
 * volume may already hold data). A container's create is several calls (create, upload files, start),
 * so one that exists may be half-made: it is removed (containers hold no data here, volumes do) and
 * the next `up` makes it whole. Creates whose object is absent, or of a kind Docker cannot be asked
 * about (commands, images), are dropped and done again by the next `up`. Pending updates and deletes
 * are settled by the refresh that follows, which reads every recorded object back.
 *
 * `pulumi refresh --import-pending-creates <urn> <id>` was the obvious tool, but in v3.248 the refresh
 * drops the operations it marks "importing" instead of recording them (tried: the objects vanished
 * from the state), so adoption is an edit of the exported state followed by `pulumi stack import`.
 */
export interface RecoveryPlan {
  stack: string;
  /** Lock files of dead holders, each with the `.attrs` file the backend keeps beside it. */
  removeLocks: string[];
  adopt: { urn: string; id: string }[];
  /** Half-made containers: the command removing each. */
  discard: { urn: string; argv: string[] }[];
  drop: string[];
  /** Pending updates and deletes, settled by the refresh. */
  settle: string[];
}

const CONTAINER = "docker:index/container:Container";
const LOOKUPS: Record<string, (name: string) => string[]> = {
  [CONTAINER]: (name) => ["docker", "container", "inspect", "--format", "{{.Id}}", name],
  "docker:index/network:Network": (name) => ["docker", "network", "inspect", "--format", "{{.Id}}", name],
  "docker:index/volume:Volume": (name) => ["docker", "volume", "inspect", "--format", "{{.Name}}", name],
};

/** The command printing the provider id of the object a pending create asked for, or undefined when Docker cannot be asked. */
export function lookupArgv(op: PendingOperation): string[] | undefined {
  const lookup = LOOKUPS[op.type];
  return lookup && op.objectName !== undefined ? lookup(op.objectName) : undefined;
}

/** `found`: the id each pending create's object has on Docker, by URN; absent when it does not exist. */
export function recoveryPlan(
  stack: string,
  locks: Lock[],
  pending: PendingOperation[],
  found: Record<string, string>,
): RecoveryPlan {
  const plan: RecoveryPlan = {
    stack,
    removeLocks: locks.flatMap((l) => [l.file, `${l.file}.attrs`]),
    adopt: [],
    discard: [],
    drop: [],
    settle: [],
  };
  for (const op of pending) {
    const id = found[op.urn];
    if (op.op !== "creating") plan.settle.push(op.urn);
    else if (id === undefined) plan.drop.push(op.urn);
    else if (op.type === CONTAINER) plan.discard.push({ urn: op.urn, argv: ["docker", "rm", "--force", id] });
    else plan.adopt.push({ urn: op.urn, id });
  }
  return plan;
}

type Deployment = {
  resources?: Record<string, unknown>[];
  pending_operations?: { resource: { urn: string } }[];
} & Record<string, unknown>;

/**
 * The exported state with adopted objects recorded (after everything they depend on, which the engine
 * had finished before it began them) and no pending operations. Outputs are left for the refresh to read.
 */
export function settledState(
  exported: { version: number; deployment: Deployment },
  plan: RecoveryPlan,
): { version: number; deployment: Deployment } {
  const { resources = [], pending_operations: pending = [] } = exported.deployment;
  const adopted = plan.adopt.map(({ urn, id }) => {
    const op = pending.find((p) => p.resource.urn === urn);
    if (!op)
      throw new Error(
        `recover ${plan.stack}: ${urn} is not a pending operation of the exported state; export again and re-plan`,
      );
    return { ...op.resource, id, outputs: {} };
  });
  return {
    ...exported,
    deployment: { ...exported.deployment, resources: [...resources, ...adopted], pending_operations: [] },
  };
}

/** The CLI commands after the state file is written: take it in, then read every recorded object back. */
export function settleCommands(stack: string, stateFile: string): string[][] {
  return [
    ["stack", "import", "--stack", stack, "--file", stateFile, "--non-interactive"],
    ["refresh", "--yes", "--skip-preview", "--non-interactive", "--stack", stack],
  ];
}
