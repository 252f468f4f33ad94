import type { Colour } from "../../infra/config/schema.js";
import type { LocalState } from "../../infra/local/state.js";
import type { ReleaseEntry } from "../release/schema.js";

export type { Colour };

/** What a stack declares: the live colour and the api image of each colour (unset: the default image). */
export type DeclaredState = LocalState;
export type Images = DeclaredState["releases"];

export const COLOURS: readonly Colour[] = ["blue", "green"];
export const otherColour = (c: Colour): Colour => (c === "blue" ? "green" : "blue");

/** One api container as the engine reports it. */
export interface ContainerObservation {
  name: string;
  /** Engine state: running, exited, restarting, absent... */
  status: string;
  /** Healthcheck state: healthy, unhealthy, starting, none. */
  health: string;
}

export interface ColourObservation {
  /** Image the colour's containers run; undefined when none exist. */
  image?: string;
  /** Every replica exists, runs and reports healthy. */
  healthy: boolean;
  containers: ContainerObservation[];
}

/** Everything the planners need, observed without changing anything. */
export interface Observed {
  declared: DeclaredState;
  /** The one colour the proxy routes to right now; undefined when none or both (or no proxy). */
  serving?: Colour;
  colours: Record<Colour, ColourObservation>;
  /** The release log, oldest first. */
  releases: ReleaseEntry[];
}

/** A step of a plan: plain data an executor carries out against a target. */
export type Step =
  /** Render the stack with `render` and (re)create the colour's api containers on `image`. */
  | { kind: "start"; colour: Colour; image: string; render: DeclaredState }
  | { kind: "await-healthy"; colour: Colour }
  /** Migrations run at the colour's boot under the advisory lock; the step reports what they applied. */
  | { kind: "migrations"; colour: Colour }
  /** Readiness and one real request against the colour directly, not through the proxy. */
  | { kind: "smoke"; colour: Colour; image: string }
  /** Atomic switch: `to` joins at weight 0, proves healthy, then in one batch takes traffic while `from` drains. */
  | { kind: "switch"; from: Colour; to: Colour }
  /** A burst through the proxy: every answer 2xx from `colour` (and from `image` when known). */
  | { kind: "verify"; colour: Colour; image?: string; requests: number }
  /** Write the declared state, so a later `npm start` (or Pulumi up) keeps this choice. */
  | { kind: "declare"; state: DeclaredState };

export type StepKind = Step["kind"];
export type RunbookCommand = "deploy" | "flip" | "rollback";

export interface Plan {
  command: RunbookCommand;
  from: Colour;
  to: Colour;
  /** The release `to` serves once the plan succeeds. */
  image: string;
  /** The image each colour runs now, and once the plan succeeds. */
  before: Images;
  images: Images;
  steps: Step[];
  /** Run when verification through the proxy fails after the switch: traffic goes back. */
  onVerifyFailed: Step[];
  /** Run when a step before the switch fails: the idle colour is put back as it was. */
  onEarlyFailure: Step[];
  /** Why nothing needs doing; set exactly when steps is empty. */
  noop?: string;
  /** Print the plan, change nothing: the executor refuses to run a dry-run plan. */
  dryRun: boolean;
}

/** Knobs of every plan. */
export interface PlanOptions {
  /** Requests in the verification burst through the proxy. Default 50. */
  verifyRequests: number;
  /** Only describe what would happen. Default false. */
  dryRun: boolean;
}

export const DEFAULT_PLAN_OPTIONS: PlanOptions = { verifyRequests: 50, dryRun: false };

/** The colour taking traffic: what the proxy does if that is unambiguous, else what is declared. */
export const activeOf = (o: Observed): Colour => o.serving ?? o.declared.activeColour;
