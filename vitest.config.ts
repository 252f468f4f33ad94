import { defineConfig } from "vitest/config";
import { LANES, SHARED_EXCLUDE, UNIT } from "./tests/support/lanes.js";
import Alphabetical from "./tests/support/alphabetical.js";

const EXCLUDE = ["**/node_modules/**", "**/dist/**", "**/.build/**"];
/** A live test waits on containers, the engine and load runs; none is expected near this bound. */
const LIVE_TIMEOUT_MS = 30 * 60_000;

/**
 * The unit and in-process suites in parallel (two workers: the host has 2 cores), and one project per
 * live lane (tests/support/lanes.ts), each running its files one at a time in name order. Vitest runs
 * every project of a group under one worker limit, so it cannot keep three one-file lanes side by side
 * in one process: `npm test` (tests/run.ts) starts one vitest per lane instead.
 */
export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: UNIT.name,
          include: UNIT.include,
          exclude: EXCLUDE,
          maxWorkers: 2,
          // The in-process hostile suite's concurrent cases: as many as its sandbox service has workers.
          maxConcurrency: 3,
          testTimeout: 300_000,
          hookTimeout: 300_000,
        },
      },
      ...LANES.map((lane) => ({
        test: {
          name: lane.name,
          include: lane.include,
          exclude: [...EXCLUDE, ...(lane.sharedInstance ? SHARED_EXCLUDE : [])],
          fileParallelism: false,
          sequence: { sequencer: Alphabetical },
          globalSetup: [
            "tests/support/liveSetup.ts",
            ...(lane.sharedInstance ? ["tests/support/sharedInstanceSetup.ts"] : []),
            ...(lane.cluster ? ["tests/support/clusterSetup.ts"] : []),
          ],
          testTimeout: LIVE_TIMEOUT_MS,
          hookTimeout: LIVE_TIMEOUT_MS,
        },
      })),
    ],
  },
});
