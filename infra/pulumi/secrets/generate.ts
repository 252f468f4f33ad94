/**
 * Generated secrets as commands (plain data, compared exactly in tests), run once by a Command resource
 * whose stdout is a secret kept, encrypted, in the stack state. openssl instead of the random and tls
 * providers: neither provider can be built from the Go modules this project's machines reach (the tls
 * provider's Terraform upstream is not served at all), and openssl is already a prerequisite.
 */

/** A random secret of `length` hex characters (4 bits each; 24 characters = 96 bits). */
export const randomSecretArgv = (length: number): string[] => [
  "openssl",
  "rand",
  "-hex",
  String(Math.ceil(length / 2)),
];

/** The hex string cut to the length asked for (openssl gives two characters a byte). */
export const randomSecretValue = (stdout: string, length: number): string => stdout.trim().slice(0, length);

export interface SelfSignedSpec {
  commonName: string;
  organization: string;
  dnsNames: string[];
  ipAddresses: string[];
  validityDays: number;
}

/**
 * One ECDSA P-256 key and a self-signed server certificate for it, both PEM on stdout (key first).
 * `-keyout -` rather than /dev/stdout: that path cannot be opened when stdout is a socket (ENXIO).
 */
export function selfSignedArgv(spec: SelfSignedSpec): string[] {
  const san = [...spec.dnsNames.map((d) => `DNS:${d}`), ...spec.ipAddresses.map((ip) => `IP:${ip}`)].join(",");
  return [
    "openssl",
    "req",
    "-x509",
    "-newkey",
    "ec",
    "-pkeyopt",
    "ec_paramgen_curve:P-256",
    "-nodes",
    "-keyout",
    "-",
    "-days",
    String(spec.validityDays),
    "-subj",
    `/CN=${spec.commonName}/O=${spec.organization}`,
    ...(san ? ["-addext", `subjectAltName=${san}`] : []),
    "-addext",
    "keyUsage=critical,digitalSignature,keyEncipherment",
    "-addext",
    "extendedKeyUsage=serverAuth",
  ];
}

const block = (pem: string, label: string): string | undefined =>
  new RegExp(`-----BEGIN ${label}-----[\\s\\S]+?-----END ${label}-----\\n?`).exec(pem)?.[0];

/** The key and certificate out of the command's stdout; an error names what is missing. */
export function splitKeyAndCert(stdout: string): { key: string; cert: string } {
  const key = block(stdout, "PRIVATE KEY");
  const cert = block(stdout, "CERTIFICATE");
  if (!key || !cert) {
    throw new Error(
      `self-signed certificate step: expected a PEM "PRIVATE KEY" and a "CERTIFICATE" on stdout, found ${[key ? "the key" : "", cert ? "the certificate" : ""].filter(Boolean).join(" and ") || "neither"}; run the step's openssl command by hand to see why`,
    );
  }
  return { key: key.endsWith("\n") ? key : `${key}\n`, cert: cert.endsWith("\n") ? cert : `${cert}\n` };
}
