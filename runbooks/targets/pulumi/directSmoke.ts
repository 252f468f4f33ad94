import type { StackConfig } from "../../../infra/config/schema.js";
import type { DirectSmoke } from "../../plan/capabilities.js";

/**
 * Whether the runbooks can smoke one colour of a Pulumi stack directly. Docker: on the proxy's
 * per-colour preview listeners, which exist only with `verifier:previewPorts` (published on the
 * Docker host's 127.0.0.1). Kubernetes: always, through the API server's service proxy to the colour's
 * Service (`api` for the active colour, `api-preview` for the idle one), with the kubeconfig's credentials.
 */
export function directSmokeOf(cfg: StackConfig, stack: string): DirectSmoke {
  const where = `stack ${stack} (Pulumi.${stack}.yaml)`;
  // Kubernetes: each colour's Service through the API server's service proxy (kubeReach.ts).
  if (cfg.target === "kubernetes") return { able: true };
  if (cfg.previewPorts !== undefined) return { able: true };
  const [blue, green] = [cfg.httpsPort + 1, cfg.httpsPort + 2];
  return {
    able: false,
    why:
      `${where} has no preview listeners: verifier:previewPorts is unset, so a colour is reachable only through the proxy. ` +
      `Set two free ports (published on 127.0.0.1 only), e.g. \`pulumi config set --stack ${stack} --path verifier:previewPorts.blue ${blue} && ` +
      `pulumi config set --stack ${stack} --path verifier:previewPorts.green ${green}\`, and run ops on the Docker host, where those ports are reachable`,
  };
}
