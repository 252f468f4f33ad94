import type * as pulumi from "@pulumi/pulumi";
import type { Colour } from "../config/schema.js";

/** The stack outputs of every target; infra/index.ts exports them. */
export interface ProgramOutputs {
  /** Where clients reach the api (Docker: the proxy's published HTTPS address; Kubernetes: the active Service). */
  url: pulumi.Output<string>;
  activeColour: Colour;
  /** The api image reference each colour runs. */
  apiImages: Record<Colour, pulumi.Output<string>>;
  /** Where backups land: a Docker volume name, a host path or a PersistentVolumeClaim. */
  backupLocation: pulumi.Output<string>;
  /** The server certificate chain clients verify (self-signed stacks: trust it as the CA). Public, not a secret. */
  tlsCertificate: pulumi.Output<string>;
  /** Bootstrap admin API key; a secret output (`pulumi stack output --show-secrets adminApiKey`). */
  adminApiKey: pulumi.Output<string>;
}
