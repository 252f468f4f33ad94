import { execFileSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { selfSignedArgv, splitKeyAndCert } from "../../infra/pulumi/secrets/generate.js";

/** A config value as the Automation API's setConfig takes it. */
type ConfigValue = { value: string; secret: boolean };

/**
 * What a release engineer sets with `pulumi config set --secret` before prod's first `up` (Pulumi.prod.yaml
 * names them): generated passwords and keys, and a provided TLS pair (self-signed here, for two days) for
 * the names the test reaches the stack by.
 */
export function prodSecretConfig(names: { dnsNames: string[]; ipAddresses: string[] }): Record<string, ConfigValue> {
  const argv = selfSignedArgv({
    commonName: names.dnsNames[0]!,
    organization: "verifier-test",
    ...names,
    validityDays: 2,
  });
  const pair = splitKeyAndCert(
    execFileSync(argv[0]!, argv.slice(1), { encoding: "utf8", stdio: ["ignore", "pipe", "ignore"] }),
  );
  const secret = (bytes: number) => ({ value: randomBytes(bytes).toString("hex"), secret: true });
  return {
    dbPassword: secret(24),
    dbOwnerPassword: secret(24),
    dbAppPassword: secret(24),
    dbBackupPassword: secret(24),
    redisPassword: secret(24),
    adminApiKey: secret(20),
    sandboxToken: secret(24),
    tlsCert: { value: pair.cert, secret: true },
    tlsKey: { value: pair.key, secret: true },
  };
}
