import * as command from "@pulumi/command";
import * as pulumi from "@pulumi/pulumi";
import { PROJECT } from "../../config/load.js";
import type { SecretName } from "../../model/types.js";
import { randomSecretArgv, randomSecretValue, selfSignedArgv, splitKeyAndCert } from "../secrets/generate.js";
import type { SecretSource } from "../secrets/plan.js";
import { shellLine } from "../steps/plan.js";

/** Secret values of one environment; every one is a secret Output and never enters the model. */
export interface SecretValues {
  values: Partial<Record<SecretName, pulumi.Output<string>>>;
  /** The TLS pair apart, for targets that keep certificate and key separate (a kubernetes.io/tls Secret). */
  tls: { cert: pulumi.Output<string>; key: pulumi.Output<string> };
}

export interface SecretsArgs {
  plan: SecretSource[];
  /** DNS names and IP addresses of a self-signed certificate. */
  dnsNames: string[];
  ipAddresses: string[];
  /** Target-specific objects holding the values (Kubernetes Secrets); none on Docker, where files carry them. */
  materialize?: (parent: pulumi.ComponentResource, name: string, secrets: SecretValues) => void;
}

/** Self-signed certificates live a year; `pulumi up --replace <urn of the tls step>` renews one. */
const CERT_VALIDITY_DAYS = 365;

export class Secrets extends pulumi.ComponentResource implements SecretValues {
  readonly values: Partial<Record<SecretName, pulumi.Output<string>>> = {};
  readonly tls: { cert: pulumi.Output<string>; key: pulumi.Output<string> };

  constructor(name: string, args: SecretsArgs, opts?: pulumi.ComponentResourceOptions) {
    super("verifier:secrets:Secrets", name, {}, opts);
    const config = new pulumi.Config(PROJECT);
    this.tls = args.plan.some((s) => s.name === "tls_pem" && s.from === "config")
      ? { cert: config.requireSecret("tlsCert"), key: config.requireSecret("tlsKey") }
      : this.selfSigned(name, args);
    for (const source of args.plan) this.values[source.name] = this.sourceValue(name, source, config);
    args.materialize?.(this, name, this);
    this.registerOutputs({ names: Object.keys(this.values) });
  }

  private sourceValue(name: string, source: SecretSource, config: pulumi.Config): pulumi.Output<string> {
    if (source.from === "random") {
      const stdout = this.generated(`${name}-${source.name}`, randomSecretArgv(source.length));
      return pulumi.secret(stdout.apply((out) => randomSecretValue(out, source.length)));
    }
    if (source.name === "tls_pem")
      return pulumi.secret(pulumi.interpolate`${this.tls.cert.apply(endLine)}${this.tls.key}`);
    return config.requireSecret(source.keys[0]!);
  }

  private selfSigned(name: string, args: SecretsArgs) {
    const argv = selfSignedArgv({
      commonName: args.dnsNames[0] ?? "localhost",
      organization: PROJECT,
      dnsNames: args.dnsNames,
      ipAddresses: args.ipAddresses,
      validityDays: CERT_VALIDITY_DAYS,
    });
    const pair = this.generated(`${name}-tls-pair`, argv).apply(splitKeyAndCert);
    return { cert: pair.apply((p) => p.cert), key: pulumi.secret(pair.apply((p) => p.key)) };
  }

  /** A value made once by a command on the release engineer's machine; its stdout is a secret, never logged. */
  private generated(name: string, argv: string[]): pulumi.Output<string> {
    const step = new command.local.Command(
      name,
      { create: shellLine(argv), logging: "none" },
      { parent: this, additionalSecretOutputs: ["stdout"] },
    );
    // additionalSecretOutputs keeps it encrypted in the state; pulumi.secret marks it for everything derived here.
    return pulumi.secret(step.stdout);
  }
}

/** HAProxy reads one PEM holding the chain then the key: the chain must end with a newline. */
const endLine = (pem: string): string => (pem.endsWith("\n") ? pem : `${pem}\n`);
