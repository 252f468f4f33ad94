import * as pulumi from "@pulumi/pulumi";
import * as random from "@pulumi/random";
import * as tls from "@pulumi/tls";
import { PROJECT } from "../../config/load.js";
import type { SecretName } from "../../model/types.js";
import type { SecretSource } from "../secrets/plan.js";

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

/** Self-signed certificates live a year and are renewed by an `up` within the last 30 days. */
const CERT_VALIDITY_HOURS = 8760;
const CERT_EARLY_RENEWAL_HOURS = 720;

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
      const password = new random.RandomPassword(`${name}-${source.name}`, { length: source.length, special: false }, { parent: this });
      return pulumi.secret(password.result);
    }
    if (source.name === "tls_pem") return pulumi.secret(pulumi.interpolate`${this.tls.cert.apply(endLine)}${this.tls.key}`);
    return config.requireSecret(source.keys[0]!);
  }

  private selfSigned(name: string, args: SecretsArgs) {
    const key = new tls.PrivateKey(`${name}-tls-key`, { algorithm: "ECDSA", ecdsaCurve: "P256" }, { parent: this });
    const cert = new tls.SelfSignedCert(
      `${name}-tls-cert`,
      {
        privateKeyPem: key.privateKeyPem,
        subject: { commonName: args.dnsNames[0] ?? "localhost", organization: PROJECT },
        dnsNames: args.dnsNames,
        ipAddresses: args.ipAddresses,
        validityPeriodHours: CERT_VALIDITY_HOURS,
        earlyRenewalHours: CERT_EARLY_RENEWAL_HOURS,
        allowedUses: ["digital_signature", "key_encipherment", "server_auth"],
      },
      { parent: this },
    );
    return { cert: cert.certPem, key: pulumi.secret(key.privateKeyPem) };
  }
}

/** HAProxy reads one PEM holding the chain then the key: the chain must end with a newline. */
const endLine = (pem: string): string => (pem.endsWith("\n") ? pem : `${pem}\n`);
