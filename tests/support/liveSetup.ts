import { ensureEngine } from "../../infra/automation/engine.js";
import { ensureImages } from "../../infra/images/build.js";
import { say } from "../../infra/exec/progress.js";
import { REPO_ROOT } from "./instance.js";

/**
 * Global setup of every live lane: the images (built offline when missing) and the Pulumi engine (built
 * from Go modules when missing). `npm test` has made both before it starts the lanes, so there each
 * finds them up to date; a person running one live file with `npx vitest run` gets them made here.
 */
export default async function setup(): Promise<void> {
  await ensureImages({ repoRoot: REPO_ROOT });
  say(`✓ engine in ${ensureEngine(REPO_ROOT)}`);
}
