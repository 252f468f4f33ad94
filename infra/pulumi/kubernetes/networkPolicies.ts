import type { INetworkPolicyPeer } from "kubernetes-models/networking.k8s.io/v1/NetworkPolicyPeer";
import type { INetworkPolicySpec } from "kubernetes-models/networking.k8s.io/v1/NetworkPolicySpec";
import type { ServiceRole } from "../../config/schema.js";
import { PORTS } from "../../model/ports.js";
import type { EnvironmentModel } from "../../model/types.js";
import { COMPONENT } from "./labels.js";

export interface PolicyPlan {
  name: string;
  spec: INetworkPolicySpec;
}

/**
 * The Docker networks as rules: everything is denied, then each flow of the model is allowed by
 * name. The metrics ports (api, sandbox, the backup observer's) admit only the Prometheus namespace;
 * Postgres admits the api and the backup job; the sandbox admits the api alone and may reach nothing,
 * not even DNS.
 */
export function networkPolicies(model: EnvironmentModel): PolicyPlan[] {
  const k8s = model.config.kubernetes;
  if (!k8s) throw new Error(`Pulumi.${model.stack}.yaml: the kubernetes target needs a kubernetes block`);
  const pods = (role: ServiceRole): INetworkPolicyPeer => ({
    podSelector: { matchLabels: { "app.kubernetes.io/instance": model.project, [COMPONENT]: role } },
  });
  const prometheus: INetworkPolicyPeer = {
    namespaceSelector: { matchLabels: { "kubernetes.io/metadata.name": k8s.prometheusNamespace } },
  };
  // An external database has no pods to select: its address is outside the cluster and unknown here.
  const database: INetworkPolicyPeer = k8s.externalDatabaseHost ? { ipBlock: { cidr: "0.0.0.0/0" } } : pods("postgres");
  const sandbox = model.config.sandbox.enabled;
  const select = (role: ServiceRole) => pods(role).podSelector!;
  return [
    { name: "default-deny", spec: { podSelector: {}, policyTypes: ["Ingress", "Egress"] } },
    {
      name: "dns",
      spec: {
        podSelector: { matchExpressions: [{ key: COMPONENT, operator: "NotIn", values: ["sandbox"] }] },
        policyTypes: ["Egress"],
        egress: [
          {
            to: [dnsPeer()],
            ports: [
              { port: 53, protocol: "UDP" as const },
              { port: 53, protocol: "TCP" as const },
            ],
          },
        ],
      },
    },
    {
      name: "api",
      spec: {
        podSelector: select("api"),
        policyTypes: ["Ingress", "Egress"],
        ingress: [{ ports: tcp(PORTS.apiHttp) }, { from: [prometheus], ports: tcp(PORTS.apiMetrics) }],
        egress: [
          { to: [database], ports: tcp(PORTS.postgres) },
          { to: [pods("redis")], ports: tcp(PORTS.redis) },
          ...(sandbox ? [{ to: [pods("sandbox")], ports: tcp(PORTS.sandboxHttp) }] : []),
        ],
      },
    },
    ...(k8s.externalDatabaseHost
      ? []
      : [
          {
            name: "postgres",
            spec: ingressOnly(select("postgres"), [
              { from: [pods("api"), pods("backup")], ports: tcp(PORTS.postgres) },
            ]),
          },
        ]),
    { name: "redis", spec: ingressOnly(select("redis"), [{ from: [pods("api")], ports: tcp(PORTS.redis) }]) },
    ...(sandbox
      ? [
          {
            name: "sandbox",
            spec: ingressOnly(select("sandbox"), [
              { from: [pods("api")], ports: tcp(PORTS.sandboxHttp) },
              { from: [prometheus], ports: tcp(PORTS.sandboxMetrics) },
            ]),
          },
        ]
      : []),
    {
      name: "backup",
      spec: {
        podSelector: select("backup"),
        policyTypes: ["Ingress", "Egress"],
        // Only its observer listens (backupObserver.ts); a Job's pod has nothing on the port.
        ingress: [{ from: [prometheus], ports: tcp(PORTS.backupMetrics) }],
        egress: [{ to: [database], ports: tcp(PORTS.postgres) }],
      },
    },
  ];
}

const tcp = (port: number) => [{ port, protocol: "TCP" as const }];

function ingressOnly(
  podSelector: INetworkPolicySpec["podSelector"],
  ingress: INetworkPolicySpec["ingress"],
): INetworkPolicySpec {
  return { podSelector, policyTypes: ["Ingress"], ingress };
}

function dnsPeer(): INetworkPolicyPeer {
  return {
    namespaceSelector: { matchLabels: { "kubernetes.io/metadata.name": "kube-system" } },
    podSelector: { matchLabels: { "k8s-app": "kube-dns" } },
  };
}
