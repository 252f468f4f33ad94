import { afterAll, test } from "vitest";
import assert from "node:assert/strict";
import { up } from "../../infra/automation/index.js";
import { run } from "../../infra/exec/run.js";
import { purgeDocker, testProject, type TestProject } from "../support/pulumiStack.js";

/**
 * The policy pack inside the real engine: the repository's program with violations seeded by a stack
 * transformation (the config schema would refuse them before any resource exists): the api publishes
 * its metrics port, and the proxy's root becomes writable. `up` must be refused with each policy's
 * message, and nothing may be created on the Docker engine.
 */
const STACK = "citestpolicy";
const SEEDED = `import * as pulumi from "@pulumi/pulumi";
pulumi.runtime.registerStackTransformation((a) => {
  if (a.type !== "docker:index/container:Container") return undefined;
  if (a.name.endsWith("-api-blue-1")) return { props: { ...a.props, ports: [{ internal: 9464, external: 19464, ip: "127.0.0.1" }] }, opts: a.opts };
  if (a.name.endsWith("-traffic-proxy")) return { props: { ...a.props, readOnly: false }, opts: a.opts };
  return undefined;
});
await import("../infra/index.js");
`;

let project: TestProject | undefined;
afterAll(async () => {
  if (!project) return;
  await purgeDocker(project.model);
  project.remove();
});

test("a seeded violation is refused by pulumi up with the policies' messages, and nothing is created", async () => {
  project = await testProject(
    STACK,
    "local",
    { httpsPort: 18843 },
    { main: "seeded/", files: { "seeded/index.ts": SEEDED } },
  );
  const lines: string[] = [];
  const refused = await up({ stack: STACK, root: project.dir, env: project.env, onOutput: (l) => lines.push(l) }).then(
    () => undefined,
    (e: Error) => e.message,
  );
  assert.ok(refused, "pulumi up must fail");
  const said = `${refused}\n${lines.join("")}`;
  assert.match(said, /metrics-port-not-published/);
  assert.match(said, /verifier-citestpolicy-api-blue-1: metrics port 9464 is published/);
  assert.match(said, /read-only-root/);
  assert.match(said, /verifier-citestpolicy-traffic-proxy: readOnly must be true/);
  const project_ = project.model.project;
  assert.equal(await run(["docker", "ps", "-a", "-q", "--filter", `name=${project_}`]), "");
  assert.equal(await run(["docker", "network", "ls", "-q", "--filter", `name=${project_}`]), "");
  assert.equal(await run(["docker", "volume", "ls", "-q", "--filter", `name=${project_}`]), "");
  const state = JSON.parse(
    await run(["pulumi", "stack", "export", "--stack", STACK], { cwd: project.dir, env: project.env }),
  ) as { deployment: { resources?: unknown[] } };
  assert.deepEqual(state.deployment.resources ?? [], []);
});
