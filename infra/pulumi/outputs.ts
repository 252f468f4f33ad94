import type * as pulumi from "@pulumi/pulumi";
import type { Colour } from "../config/schema.js";

/** One container of a Docker stack: the model service it runs and the engine's name for it. */
export interface ContainerRef {
  service: string;
  container: string;
  /** Set on api containers: the colour they belong to. */
  colour?: Colour;
}

/** The stack outputs of every target; infra/index.ts exports them. */
export interface ProgramOutputs {
  /** Where clients reach the api (Docker: the proxy's published HTTPS address; Kubernetes: the active Service). */
  url: pulumi.Output<string>;
  activeColour: Colour;
  /**
   * Docker: each colour's preview listener on the proxy (https://127.0.0.1:<previewPorts.colour>), where
   * the runbooks smoke a colour directly; none without previewPorts. Kubernetes: none (api-preview is
   * reached in-cluster only).
   */
  previewUrls: Partial<Record<Colour, string>>;
  /** Docker: every container by model service (runbooks read health from the engine). Kubernetes: none. */
  containers: ContainerRef[];
  /** The api image reference each colour runs. */
  apiImages: Record<Colour, pulumi.Output<string>>;
  /** Where backups land: a Docker volume name, a host path or a PersistentVolumeClaim. */
  backupLocation: pulumi.Output<string>;
  /** The server certificate chain clients verify (self-signed stacks: trust it as the CA). Public, not a secret. */
  tlsCertificate: pulumi.Output<string>;
  /** Bootstrap admin API key; a secret output (`pulumi stack output --show-secrets adminApiKey`). */
  adminApiKey: pulumi.Output<string>;
  /** Docker: the engine the stack provisions on (`docker:host`), when configured; the runbooks' docker CLI must talk to the same one. */
  dockerHost?: string;
}
