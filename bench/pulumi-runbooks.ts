import { parseArgs } from "node:util";
import { Cleanup } from "./cleanup.js";
import { buildCandidates, removeCandidate, type Candidate } from "./pulumi-runbooks-candidates.js";
import { timedOp, type OpFigure, type OpsSite } from "./pulumi-runbooks-op.js";
import { bringUp } from "./pulumi-runbooks-stacks.js";

/**
 * The runbooks on a Pulumi stack against the Compose rendering of the same model, side by side in one
 * run: wall time of `ops deploy --image <candidate@sha256>`, `ops flip` and `ops rollback` on each,
 * under a light load through the proxy (failed requests counted per command). Every command runs on
 * both stacks before the next one, and the stack that goes first alternates by round, so a slower
 * minute of the host hurts both. Prints one JSON; removes every container, volume, stack, temp
 * directory and pushed candidate it created, also after a failure or on SIGINT/SIGTERM.
 * Run: node --import tsx bench/pulumi-runbooks.ts [--rounds N] [--load-rate R]
 */
const DEFAULTS = {
  /** Rounds of deploy, flip, rollback on each stack. */
  rounds: "2",
  /** GET /health/live a second through the proxy during each command; 0 runs without load. */
  loadRate: "10",
  names: { compose: "benchopscompose", pulumi: "benchopspulumi" },
  /** Clear of the live tests' ports (18443.., 18743, 18943, 19443-19445) and of bench/pulumi.ts (1866x, 1867x). */
  ports: { compose: 20443, pulumi: 20453, pulumiPreview: { blue: 20454, green: 20455 } },
};
const { values } = parseArgs({
  options: {
    rounds: { type: "string", default: DEFAULTS.rounds },
    "load-rate": { type: "string", default: DEFAULTS.loadRate },
  },
});
const ROUNDS = Number(values.rounds);
const LOAD_RATE = Number(values["load-rate"]);
const problems = [
  ...(Number.isInteger(ROUNDS) && ROUNDS >= 1
    ? []
    : [`--rounds: expected a whole number ≥ 1, received ${values.rounds}`]),
  ...(Number.isFinite(LOAD_RATE) && LOAD_RATE >= 0
    ? []
    : [`--load-rate: expected requests a second ≥ 0 (0: no load), received ${values["load-rate"]}`]),
];
if (problems.length > 0) {
  process.stderr.write(problems.map((p) => `error: ${p}\n`).join(""));
  process.exit(2);
}

/** How long after SIGINT/SIGTERM the current step may take before the cleanup starts anyway: a `pulumi up` of the whole stack. */
const INTERRUPT_GRACE_MS = 300_000;
const cleanup = new Cleanup();
const registry: string[] = [];
const candidates: Candidate[] = [];
// Registered first, so it runs last: a candidate's image can go only once no container runs it.
cleanup.add("remove the release candidates", async () => {
  for (const c of candidates.splice(0)) registry.push(`${c.ref}: ${await removeCandidate(c)}`);
});

const COMMANDS = ["deploy", "flip", "rollback"] as const;
type Command = (typeof COMMANDS)[number];
type Round = { order: string[] } & Record<OpsSite["rendering"], Record<Command, OpFigure>>;

/** One round: deploy (this round's candidate onto the idle colour), flip, rollback, each on both stacks in turn. */
async function round(i: number, sites: OpsSite[], candidate: Candidate): Promise<Round> {
  const order = i % 2 === 0 ? sites : [...sites].reverse();
  const figures: Record<OpsSite["rendering"], Partial<Record<Command, OpFigure>>> = { compose: {}, pulumi: {} };
  for (const command of COMMANDS) {
    for (const site of order) {
      cleanup.checkpoint();
      process.stderr.write(`… round ${i + 1}/${ROUNDS}: ops ${command} on the ${site.rendering} stack\n`);
      figures[site.rendering][command] = await timedOp(
        site,
        command,
        command === "deploy" ? ["--image", candidate.ref] : [],
        LOAD_RATE,
      );
    }
  }
  return {
    order: order.map((s) => s.rendering),
    ...(figures as Record<OpsSite["rendering"], Record<Command, OpFigure>>),
  };
}

/** The middle value; the mean of the two middle ones for an even count (two rounds: their mean, not the slower). */
function median(xs: number[]): number {
  const sorted = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[mid]! : Math.round(((sorted[mid - 1]! + sorted[mid]!) / 2) * 1000) / 1000;
}
const ratio = (a: number, b: number): number => Math.round((a / b) * 100) / 100;

function summary(rounds: Round[]) {
  const med = (rendering: OpsSite["rendering"], c: Command) => median(rounds.map((r) => r[rendering][c].seconds));
  const failed = (rendering: OpsSite["rendering"], c: Command) =>
    rounds.reduce((n, r) => n + (r[rendering][c].failedRequests ?? 0), 0);
  return Object.fromEntries(
    COMMANDS.map((c) => [
      c,
      {
        composeSeconds: med("compose", c),
        pulumiSeconds: med("pulumi", c),
        pulumiOverCompose: ratio(med("pulumi", c), med("compose", c)),
        failedRequests: LOAD_RATE > 0 ? { compose: failed("compose", c), pulumi: failed("pulumi", c) } : null,
      },
    ]),
  );
}

async function bench(): Promise<void> {
  const stacks = await bringUp(DEFAULTS.names, DEFAULTS.ports, cleanup);
  cleanup.checkpoint();
  await buildCandidates(stacks.baseApi, `benchops-${process.pid}`, ROUNDS, candidates);
  const rounds: Round[] = [];
  for (let i = 0; i < ROUNDS; i++) rounds.push(await round(i, [stacks.compose, stacks.pulumi], candidates[i]!));
  await cleanup.run();
  console.log(
    JSON.stringify(
      {
        rounds,
        median: summary(rounds),
        setup: {
          compose: { stack: "local", instance: DEFAULTS.names.compose },
          pulumi: { stack: "drills", instance: DEFAULTS.names.pulumi },
          apiReplicasPerColour: 1,
          loadRatePerSecond: LOAD_RATE,
        },
        cleanup: { registry, failures: cleanup.failures },
        notes:
          "ops run in-process on both stacks; seconds = the command alone; requests/failedRequests = GET /health/live from 1 s before to 1 s after it",
      },
      null,
      2,
    ),
  );
  if (cleanup.failures.length > 0) process.exitCode = 1;
}

const finished = bench().catch(async (err: Error) => {
  await cleanup.run();
  process.stderr.write(`error: ${err.message}\n${cleanup.failures.map((f) => `cleanup failed: ${f}\n`).join("")}`);
  process.exitCode = 1;
});
cleanup.exitOnSignals(finished, INTERRUPT_GRACE_MS);
