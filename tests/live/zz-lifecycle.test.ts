import assert from "node:assert/strict";
import { mkdtempSync, readdirSync, rmSync, symlinkSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, test } from "vitest";
import { run } from "../../infra/exec/run.js";
import { down } from "../../infra/local/down.js";
import { localPaths } from "../../infra/local/paths.js";
import { projectOf } from "../../infra/model/build.js";
import { CHECKOUT_LABEL, existingVolumes } from "../../infra/local/volumeClaims.js";
import { psqlIn } from "../support/docker.js";
import { REPO_ROOT, TEST_INSTANCE, useStack } from "../support/instance.js";

const byLabel = async (kind: "ps" | "network" | "volume", project: string): Promise<string[]> => {
  const argv =
    kind === "ps"
      ? ["docker", "ps", "-a", "--format", "{{.Names}}", "--filter", `label=com.docker.compose.project=${project}`]
      : ["docker", kind, "ls", "--format", "{{.Name}}", "--filter", `label=verifier.project=${project}`];
  return (await run(argv)).split("\n").filter(Boolean);
};

const PROJECT = projectOf(TEST_INSTANCE);
const paths = localPaths(REPO_ROOT, TEST_INSTANCE);
/** A second checkout of this repository on the same host: its files, linked, under another path. */
const otherCheckout = mkdtempSync(join(tmpdir(), "verifier-second-checkout-"));
afterAll(() => rmSync(otherCheckout, { recursive: true, force: true }));

// Runs last (zz-): it stops the shared test instance, then purges it.
test("npm stop leaves no container or network of the project behind, and keeps data volumes", async () => {
  const stack = await useStack();
  assert.ok((await byLabel("ps", stack.project)).length >= stack.model.services.length);
  await psqlIn(
    `${PROJECT}-postgres`,
    "CREATE TABLE zz_kept (note text); INSERT INTO zz_kept VALUES ('written before the secrets were lost')",
  );
  await down({ repoRoot: REPO_ROOT, instance: TEST_INSTANCE });
  assert.deepEqual(await byLabel("ps", stack.project), []);
  assert.deepEqual(await byLabel("network", stack.project), []);
  assert.deepEqual((await byLabel("volume", stack.project)).sort(), [
    `${stack.project}-backups`,
    `${stack.project}-pgdata`,
    `${stack.project}-prometheus-data`,
  ]);
});

test("the kept volumes record this checkout; with the secrets lost, npm start brings the kept data back under new ones; from a second checkout it refuses at once and starts nothing", async () => {
  for (const v of await existingVolumes(PROJECT)) assert.equal(v.labels[CHECKOUT_LABEL], REPO_ROOT, v.name);
  // The secrets lost: npm start makes new ones, and Postgres takes the new password at start; the data is kept.
  rmSync(paths.secrets, { recursive: true, force: true });
  await useStack();
  assert.equal(
    (await psqlIn(`${PROJECT}-postgres`, "SELECT note FROM zz_kept")).trim(),
    "written before the secrets were lost",
  );
  await down({ repoRoot: REPO_ROOT, instance: TEST_INSTANCE });
  // A second checkout starting the same instance would take this one's data over.
  for (const name of readdirSync(REPO_ROOT).filter((n) => n !== ".local" && n !== ".git")) {
    symlinkSync(join(REPO_ROOT, name), join(otherCheckout, name));
  }
  await assert.rejects(useStack(otherCheckout), (e: Error & { code?: string }) => {
    assert.equal(e.code, "VOLUMES_NOT_OURS");
    assert.match(e.message, new RegExp(`belongs to the checkout at ${REPO_ROOT}, not this one \\(${otherCheckout}\\)`));
    return true;
  });
  assert.deepEqual(await byLabel("ps", PROJECT), []);
});

test("npm stop --purge removes the data volumes", async () => {
  await down({ repoRoot: REPO_ROOT, instance: TEST_INSTANCE, purge: true });
  assert.deepEqual(await byLabel("volume", PROJECT), []);
});
