import type { Subject } from "./types.js";

/** A compliant running Docker container, as the program declares one. */
export function dockerContainer(overrides: Record<string, unknown> = {}): Subject {
  return {
    type: "docker:index/container:Container",
    name: "api",
    props: {
      name: "verifier-prod-api-blue-1",
      image: "sha256:" + "a".repeat(64),
      user: "10001:10001",
      readOnly: true,
      privileged: false,
      capabilities: { drops: ["ALL"] },
      securityOpts: ["no-new-privileges:true"],
      memory: 512,
      cpus: "1",
      healthcheck: { tests: ["CMD", "node", "/app/dist/src/healthcheck.js"] },
      envs: ["DATABASE_PASSWORD_FILE=/run/secrets/db_password", "LOG_LEVEL=info"],
      ports: [{ internal: 8443, external: 8443, ip: "127.0.0.1" }],
      labels: [
        { label: "verifier.tier", value: "prod" },
        { label: "verifier.role", value: "api" },
      ],
      ...overrides,
    },
  };
}

/** A compliant restricted pod spec with one container. */
export function pod(container: Record<string, unknown> = {}, podOverrides: Record<string, unknown> = {}) {
  return {
    automountServiceAccountToken: false,
    securityContext: {
      runAsNonRoot: true,
      runAsUser: 10001,
      runAsGroup: 10001,
      seccompProfile: { type: "RuntimeDefault" },
    },
    containers: [
      {
        name: "api",
        image: "registry.example/api@sha256:" + "b".repeat(64),
        env: [{ name: "DATABASE_PASSWORD_FILE", value: "/run/secrets/db_password" }],
        ports: [
          { name: "http", containerPort: 8080 },
          { name: "metrics", containerPort: 9464 },
        ],
        securityContext: {
          allowPrivilegeEscalation: false,
          readOnlyRootFilesystem: true,
          capabilities: { drop: ["ALL"] },
          privileged: false,
        },
        resources: { limits: { cpu: "1000m", memory: "512Mi" } },
        livenessProbe: { exec: { command: ["true"] } },
        readinessProbe: { httpGet: { path: "/health/ready", port: "http" } },
        ...container,
      },
    ],
    ...podOverrides,
  };
}

export function deployment(
  podSpec = pod(),
  labels: Record<string, string> = { "app.kubernetes.io/component": "api" },
): Subject {
  return {
    type: "kubernetes:apps/v1:Deployment",
    name: "api-blue",
    urn: "urn:api-blue",
    props: {
      metadata: { name: "api-blue", namespace: "verifier", labels: { ...labels, "verifier/tier": "prod" } },
      spec: { selector: { matchLabels: labels }, template: { metadata: { labels }, spec: podSpec } },
    },
  };
}

export function networkPolicy(name: string, spec: Record<string, unknown>, namespace = "verifier"): Subject {
  return {
    type: "kubernetes:networking.k8s.io/v1:NetworkPolicy",
    name,
    props: { metadata: { name, namespace }, spec },
  };
}
