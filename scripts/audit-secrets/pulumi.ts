import { isSecretInput, isSecretOutput, resolved, sha256 } from "../../infra/pulumi/testing/harness.js";
import { runStack, T, type StackRun } from "../../infra/pulumi/testing/run.js";
import { secretConfig } from "../../infra/pulumi/testing/stacks.js";
import { findIn, needlesOf, type Needle } from "./needles.js";
import type { Finding } from "./sources.js";

/** The stacks whose programs are run under mocks. */
export const PULUMI_STACKS = ["local", "staging", "prod", "drills"] as const;

/** A certificate is public (every client receives it): it is configured as a secret but not one. */
const PUBLIC_KEYS = new Set(["verifier:tlsCert"]);

/**
 * Secret values a mock run knows: what `pulumi config set --secret` provided, and the passwords the
 * mocked generator steps printed (the mock prints the sha256 of the step's name; the program keeps a
 * prefix of it, so the needle is a 16-character prefix). The mocked TLS pair is left out: the mock's
 * key body is the resource name, which rightly appears in plain text everywhere.
 */
export function mockSecrets(run: StackRun): Needle[] {
  const config = Object.entries(secretConfig().config).filter(([key]) => !PUBLIC_KEYS.has(key));
  const generators = run
    .ofType(T.command)
    .filter((r) => r.parent?.endsWith("-secrets") && !r.name.endsWith("-tls-pair"));
  const generated = generators.map((r) => [r.name, sha256(r.name).slice(0, 16)] as const);
  return needlesOf(Object.fromEntries([...config, ...generated]));
}

/** Every string of a serialized input that is not inside a secret marker, with its path. */
export function plainStrings(value: unknown, path = ""): { path: string; text: string }[] {
  if (isSecretInput(value)) return [];
  if (typeof value === "string") return [{ path, text: value }];
  if (Array.isArray(value)) return value.flatMap((v, i) => plainStrings(v, `${path}[${i}]`));
  if (typeof value === "object" && value !== null)
    return Object.entries(value).flatMap(([k, v]) => plainStrings(v, path ? `${path}.${k}` : k));
  return [];
}

export async function scanStack(stack: string): Promise<Finding[]> {
  const run = await runStack(stack);
  const needles = mockSecrets(run);
  const inInputs = run.resources.flatMap((r) =>
    plainStrings(r.inputs).flatMap(({ path, text }) =>
      findIn(text, needles).map((secret) => ({ where: `pulumi ${stack}: ${r.type} ${r.name} input ${path}`, secret })),
    ),
  );
  return [...inInputs, ...(await scanOutputs(stack, run, needles))];
}

/** adminApiKey must be a secret output; the other outputs must carry no secret value. */
async function scanOutputs(stack: string, run: StackRun, needles: Needle[]): Promise<Finding[]> {
  const o = run.outputs;
  const findings: Finding[] = (await isSecretOutput(o.adminApiKey))
    ? []
    : [{ where: `pulumi ${stack}: output adminApiKey is not marked secret`, secret: "adminApiKey" }];
  const plain = { url: o.url, blue: o.apiImages.blue, green: o.apiImages.green, backupLocation: o.backupLocation };
  for (const [name, output] of Object.entries(plain)) {
    for (const secret of findIn(String(await resolved(output)), needles))
      findings.push({ where: `pulumi ${stack}: output ${name}`, secret });
  }
  return findings;
}
