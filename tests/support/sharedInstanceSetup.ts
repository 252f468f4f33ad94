import { down } from "../../infra/local/down.js";
import { say } from "../../infra/exec/progress.js";
import { REPO_ROOT, TEST_INSTANCE } from "./instance.js";

/**
 * The shared lane starts from nothing (an instance left by an earlier checkout would keep volumes made
 * with other secrets) and purges the test instance when it ends, whatever happened.
 */
export default async function setup(): Promise<() => Promise<void>> {
  await down({ repoRoot: REPO_ROOT, instance: TEST_INSTANCE, purge: true });
  return async () => {
    await down({ repoRoot: REPO_ROOT, instance: TEST_INSTANCE, purge: true }).catch((e: Error) =>
      say(`cleanup of ${TEST_INSTANCE} failed: ${e.message}`),
    );
  };
}
