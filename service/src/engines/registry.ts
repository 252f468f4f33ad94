import type { EngineRunners } from "./batch/run-batch.js";
import { defaultConsensusEngines } from "./consensus/default-engines.js";
import { verifyConsensus, type ConsensusEngine } from "./consensus/verify-consensus.js";
import { verifyLogic } from "./logic/verify-logic.js";
import { verifyMath } from "./math/verify-math.js";
import type { Translator } from "./nl/translator.js";
import { verifyNaturalLanguage } from "./nl/verify-nl.js";
import type { SandboxClient } from "./stats/sandbox-client.js";
import { verifyStats } from "./stats/verify-stats.js";
import type { Verdict } from "./verdict.js";

/** Collaborators the engines may use; every one is optional and off when absent. */
export type EngineDeps = {
  sandbox?: SandboxClient;
  translator?: Translator;
  consensusEngines?: readonly ConsensusEngine[];
};

export const ENGINE_NAMES = ["math", "logic", "stats", "nl", "consensus"] as const;
export type EngineName = (typeof ENGINE_NAMES)[number];

/** Every engine by name, bound to its collaborators: what routes and runBatch call. */
export function createEngineRunners(
  deps: EngineDeps = {},
): EngineRunners & Record<EngineName, (input: unknown) => Promise<Verdict>> {
  const nlDeps = deps.translator === undefined ? {} : { translator: deps.translator };
  const engines = deps.consensusEngines ?? defaultConsensusEngines(nlDeps);
  return {
    math: (input) => verifyMath(input as never, undefined),
    logic: (input) => verifyLogic(input as never, undefined),
    stats: (input) => verifyStats(input as never, deps.sandbox === undefined ? {} : { sandbox: deps.sandbox }),
    nl: (input) => verifyNaturalLanguage(input as never, nlDeps),
    consensus: (input) => verifyConsensus(input as never, { engines }),
  };
}
