/** What a certificate authority of ours is: where its key and certificate go, its name, how long it lives. */
export interface CaSpec {
  key: string;
  cert: string;
  subject: string;
  days: number;
  /** keyUsage beyond certificate and CRL signing (the cluster's CA also signs with digitalSignature). */
  extraKeyUsage?: string[];
}

/** The one openssl command that makes a self-signed RSA-2048 CA: key (unencrypted, for a local CA) and certificate. */
export function caArgv(ca: CaSpec): string[] {
  const usage = ["keyCertSign", "cRLSign", ...(ca.extraKeyUsage ?? [])].join(",");
  return ["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", ca.key, "-out", ca.cert]
    .concat(["-days", String(ca.days), "-subj", ca.subject])
    .concat(["-addext", "basicConstraints=critical,CA:TRUE", "-addext", `keyUsage=critical,${usage}`]);
}
