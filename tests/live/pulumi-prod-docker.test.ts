import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import type { UpResult } from "@pulumi/pulumi/automation/index.js";
import { destroy, setConfig, up } from "../../infra/automation/index.js";
import { run } from "../../infra/exec/run.js";
import { say } from "../../infra/exec/progress.js";
import { ensureImages } from "../../infra/images/build.js";
import { pushImages } from "../../infra/images/push.js";
import { httpsRequest } from "../../infra/local/https.js";
import { selfSignedArgv, splitKeyAndCert } from "../../infra/pulumi/secrets/generate.js";
import { exec, inspect } from "../support/docker.js";
import type { LiveEnvironment } from "../support/environment.js";
import { REPO_ROOT } from "../support/instance.js";
import { pulumiEnvironment, purgeDocker, testProject, type TestProject } from "../support/pulumiStack.js";
import { hardeningSuite } from "../support/suites/hardening.js";
import { isolationSuite } from "../support/suites/isolation.js";

/**
 * What a single-host prod looks like: prod's stack file on the Docker target, its images pushed to the
 * local registry and pulled by digest, its secrets and TLS pair from encrypted stack config, HSTS, WAL
 * archiving and three api replicas per colour, under the policy pack (prod-images-by-digest included).
 */
const STACK = "citestprod";
const PORT = Number(process.env.VERIFIER_TEST_PROD_PORT ?? 18943);

let project: TestProject;
let applied: UpResult;
let env: LiveEnvironment;
let digests: Record<string, string>;
const options = () => ({ stack: STACK, root: project.dir, env: project.env });

before(async () => {
  digests = await pushImages(await ensureImages({ repoRoot: REPO_ROOT }));
  project = await testProject(STACK, "prod", { target: "docker", httpsPort: PORT, images: { source: "registry", ...digests } });
  const argv = selfSignedArgv({ commonName: "localhost", organization: "verifier-test", dnsNames: ["localhost"], ipAddresses: ["127.0.0.1"], validityDays: 2 });
  const pair = splitKeyAndCert(execFileSync(argv[0]!, argv.slice(1), { encoding: "utf8", stdio: ["ignore", "pipe", "ignore"] }));
  const secret = (bytes: number) => ({ value: randomBytes(bytes).toString("hex"), secret: true });
  await setConfig(options(), {
    dbPassword: secret(24), redisPassword: secret(24), adminApiKey: secret(20), sandboxToken: secret(24),
    tlsCert: { value: pair.cert, secret: true }, tlsKey: { value: pair.key, secret: true },
  });
  say(`… pulumi up ${STACK} (prod on one Docker host, images by digest from the local registry)`);
  applied = await up(options());
  env = pulumiEnvironment(project, applied.outputs);
});

after(async () => {
  if (!project) return;
  await destroy({ ...options(), confirmed: true }).catch((e: Error) => say(`pulumi destroy ${STACK} failed: ${e.message}`));
  await purgeDocker(project.model);
  project.remove();
});

test("prod on Docker: applied under the policy pack; every running container runs the image its digest names", async () => {
  assert.equal(applied.summary.result, "succeeded");
  for (const svc of project.model.services) {
    const info = await inspect(env.container(svc.name));
    const ref = digests[svc.role]!;
    assert.match(ref, /^127\.0\.0\.1:5000\/verifier\/[a-z]+@sha256:[0-9a-f]{64}$/);
    const pulled = (await run(["docker", "image", "inspect", "--format", "{{.Id}}", ref])).trim();
    assert.equal(info.Image, pulled, `${svc.name} runs ${ref}`);
  }
});

test("three api replicas per colour, HTTPS with the provided certificate and HSTS, WAL archiving on", async () => {
  const api = project.model.services.filter((s) => s.role === "api").map((s) => s.name).sort();
  assert.deepEqual(api, ["api-blue-1", "api-blue-2", "api-blue-3", "api-green-1", "api-green-2", "api-green-3"]);
  const res = await httpsRequest(`${env.url}/health/ready`, { caFile: env.caFile });
  assert.equal(res.status, 200);
  assert.match(String(res.headers["strict-transport-security"]), /max-age=\d+/);
  const psql = (sql: string) => exec(env.container("postgres"), ["psql", "-X", "-At", "-U", "verifier", "-d", "verifier", "-c", sql]);
  assert.equal((await psql("SHOW archive_mode")).trim(), "on");
});

hardeningSuite(() => env);
isolationSuite(() => env);
