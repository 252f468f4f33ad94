import * as k8s from "@pulumi/kubernetes";
import type * as pulumi from "@pulumi/pulumi";
import type { EnvironmentModel } from "../../model/types.js";
import type { SecretValues } from "../components/secrets.js";
import { objectLabels } from "./labels.js";
import { SECRET_NAME, TLS_SECRET_NAME } from "./context.js";

/**
 * The model's secrets as one Opaque Secret (pods mount only their own keys at /run/secrets), and the
 * TLS pair as a kubernetes.io/tls Secret for the cluster's ingress, which terminates TLS on Kubernetes.
 */
export function kubeSecrets(model: EnvironmentModel, namespace: pulumi.Output<string>) {
  return (parent: pulumi.ComponentResource, name: string, secrets: SecretValues): void => {
    const stringData = Object.fromEntries(Object.entries(secrets.values).filter(([key]) => key !== "tls_pem"));
    const meta = (n: string) => ({ name: n, namespace, labels: objectLabels(model) });
    new k8s.core.v1.Secret(`${name}-opaque`, { metadata: meta(SECRET_NAME), type: "Opaque", stringData }, { parent });
    new k8s.core.v1.Secret(
      `${name}-tls`,
      {
        metadata: meta(TLS_SECRET_NAME),
        type: "kubernetes.io/tls",
        stringData: { "tls.crt": secrets.tls.cert, "tls.key": secrets.tls.key },
      },
      { parent },
    );
  };
}
