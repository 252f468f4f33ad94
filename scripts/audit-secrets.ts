import { parseArgs } from "node:util";
import { audit } from "./audit-secrets/audit.js";

const REPO_ROOT = new URL("..", import.meta.url).pathname.replace(/\/$/, "");

const USAGE = `npm run audit:secrets -- [--instance <name>]... [--no-pulumi]
  Looks for the generated secrets of local instances (.local/<instance>/secrets/) in image layers,
  the rendered Compose file, docker inspect and docker logs of every container, and checks the
  Pulumi programs (under mocks) keep secret values out of plain inputs and outputs.
  --instance   audit only this instance (repeatable). Default: every instance with generated secrets.
  --no-pulumi  skip the Pulumi mock runs. Default: run them.
  Exit 0 when nothing was found, 1 when a secret was found (where, never the value), 2 on usage errors.`;

const parse = () =>
  parseArgs({
    options: {
      instance: { type: "string", multiple: true },
      "no-pulumi": { type: "boolean", default: false },
      help: { type: "boolean", default: false },
    },
  }).values;

async function main(): Promise<number> {
  let values: ReturnType<typeof parse>;
  try {
    values = parse();
  } catch (e) {
    process.stderr.write(`audit:secrets: ${(e as Error).message}\n${USAGE}\n`);
    return 2;
  }
  if (values.help) return (process.stdout.write(`${USAGE}\n`), 0);
  const report = await audit({
    repoRoot: REPO_ROOT,
    instances: values.instance,
    pulumi: !values["no-pulumi"],
    progress: (l) => process.stderr.write(`… ${l}\n`),
  });
  for (const c of report.checked) process.stderr.write(`✓ checked ${c}\n`);
  for (const f of report.findings) process.stderr.write(`✗ secret ${f.secret} found in ${f.where}\n`);
  process.stdout.write(`${JSON.stringify({ checked: report.checked, findings: report.findings })}\n`);
  if (report.checked.length === 0)
    process.stderr.write(
      "audit:secrets: nothing to audit (no instance has generated secrets and --no-pulumi was given)\n",
    );
  return report.findings.length > 0 || report.checked.length === 0 ? 1 : 0;
}

main().then(
  (code) => (process.exitCode = code),
  (e: Error) => {
    process.stderr.write(`audit:secrets: ${e.message}\n`);
    process.exitCode = 1;
  },
);
