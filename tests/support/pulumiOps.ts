import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { run } from "../../infra/exec/run.js";
import { LOCAL_REGISTRY, pushImage, remoteTag } from "../../infra/images/push.js";
import { httpsRequest } from "../../infra/local/https.js";
import { main } from "../../runbooks/cli/main.js";
import { COMMANDS } from "../../runbooks/commands/registry.js";
import type { TestProject } from "./pulumiStack.js";
import { REPO_ROOT } from "./instance.js";

/**
 * `ops <command> <base> --instance <stack> --config <overrides> --json` in-process, exactly as the CLI
 * runs it, on a test project's Pulumi stack: the instance names the Pulumi stack, the workspace seam
 * points ops at the project's directory, backend and passphrase. The parsed JSON answer, the exit code
 * and the lines ops printed on stderr.
 */
export async function opsOn(
  project: TestProject,
  base: string,
  overrides: Record<string, unknown>,
  command: string,
  ...args: string[]
) {
  const stdout: string[] = [];
  const stderr: string[] = [];
  const argv = [
    command,
    base,
    ...args,
    "--instance",
    project.stackName,
    "--config",
    JSON.stringify(overrides),
    "--json",
  ];
  const code = await main(argv, {
    registry: COMMANDS,
    repoRoot: REPO_ROOT,
    verbose: false,
    operator: { interactive: false, ask: async () => "" },
    out: (text) => void stdout.push(text),
    err: (text) => void stderr.push(text),
    pulumiWorkspace: { root: project.dir, env: project.env },
  });
  return { code, answer: JSON.parse(stdout.join("")) as Record<string, any>, stderr: stderr.join("") };
}

/**
 * A second api release with a digest of its own: the base image plus a label, built locally (classic
 * builder, no context) and pushed to the local registry. Returns its digest reference.
 */
export async function releaseCandidate(
  baseApi: string,
  label: string,
): Promise<{ ref: string; remove: () => Promise<void> }> {
  const local = `verifier/api-ops:${label}`;
  await run(["docker", "build", "--quiet", "--tag", local, "-"], {
    input: `FROM ${baseApi}\nLABEL verifier.test.release="${label}"\n`,
    env: { ...process.env, DOCKER_BUILDKIT: "0" },
    timeoutMs: 120_000,
  });
  const ref = await pushImage(local);
  const remove = async () =>
    void (await run(["docker", "rmi", local, remoteTag(LOCAL_REGISTRY, local)]).catch(() => undefined));
  return { ref, remove };
}

/** The stack's own certificate as a CA file, for clients of a self-signed stack. */
export function caFileOf(project: TestProject, certificate: string): string {
  const file = join(project.dir, "ca.crt");
  writeFileSync(file, certificate);
  return file;
}

/** Keys made through a stack's admin API (POST /admin/keys with its admin key): each key once, as shown at creation. */
export async function createKeys(
  url: string,
  caFile: string | undefined,
  adminKey: string,
  roles: ("analyst" | "operator")[],
  name: string,
): Promise<string[]> {
  const keys: string[] = [];
  for (const [i, role] of roles.entries()) {
    const request = {
      method: "POST",
      headers: { "x-api-key": adminKey, "content-type": "application/json" },
      body: JSON.stringify({ name: `${name}-${i + 1}`, role }),
    };
    const res = caFile
      ? await httpsRequest(`${url}/admin/keys`, { ...request, caFile, timeoutMs: 15_000 })
      : await fetch(`${url}/admin/keys`, { ...request, signal: AbortSignal.timeout(15_000) }).then(async (r) => ({
          status: r.status,
          body: await r.text(),
        }));
    if (res.status !== 201)
      throw new Error(
        `POST ${url}/admin/keys answered ${res.status} ${res.body.slice(0, 300)}; expected 201 (is the stack's adminApiKey output right?)`,
      );
    keys.push((JSON.parse(res.body) as { key: string }).key);
  }
  return keys;
}
