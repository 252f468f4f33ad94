import assert from "node:assert/strict";
import { test } from "vitest";
import * as pulumi from "@pulumi/pulumi";
import { isSecretInput, isSecretOutput, plain, resolved, sha256 } from "./testing/harness.js";
import { runStack, T } from "./testing/run.js";

/** One Docker service: its file volumes, carrier, container and pids step. */
const service = (component: string, suffix: string, dirs: string[]) => [
  ...dirs.map((d) => `${T.volume} ${component}-${suffix}-files-${d}`),
  `${T.container} ${component}-${suffix}-files`,
  `${T.container} ${component}-${suffix}`,
  `${T.command} ${component}-${suffix}-pids`,
];

function expectedDocker(p: string, o: { registry: boolean; replicas: number }): string[] {
  const image = (component: string) => (o.registry ? [`${T.remoteImage} ${component}-image`] : []);
  const generated = o.registry
    ? []
    : [
        `${T.command} ${p}-secrets-tls-pair`,
        ...[
          "db_password",
          "db_owner_password",
          "db_app_password",
          "db_backup_password",
          "redis_password",
          "admin_api_key",
          "sandbox_token",
        ].map((s) => `${T.command} ${p}-secrets-${s}`),
      ];
  const slot = (colour: string) => [
    `verifier:api:ApiSlot ${p}-api-${colour}`,
    ...image(`${p}-api-${colour}`),
    ...Array.from({ length: o.replicas }, (_, i) => service(`${p}-api`, `${colour}-${i + 1}`, ["run-secrets"])).flat(),
    `${T.command} ${p}-api-${colour}-migrated`,
  ];
  return [
    `verifier:secrets:Secrets ${p}-secrets`,
    ...generated,
    `verifier:network:Networks ${p}-networks`,
    ...["edge", "backend", "metrics", "sandbox"].map((n) => `${T.network} ${p}-networks-${n}`),
    `verifier:storage:Storage ${p}-storage`,
    ...["pgdata", "prometheus-data", "backups"].map((v) => `${T.volume} ${p}-storage-${v}`),
    `${T.command} ${p}-storage-carrier-image`,
    `verifier:data:Database ${p}-database`,
    ...image(`${p}-database`),
    ...service(`${p}-database`, "postgres", ["run-secrets"]),
    `verifier:data:Cache ${p}-cache`,
    ...image(`${p}-cache`),
    ...service(`${p}-cache`, "redis", ["run-secrets"]),
    `verifier:sandbox:Sandbox ${p}-sandbox`,
    ...image(`${p}-sandbox`),
    ...service(`${p}-sandbox`, "sandbox", ["run-secrets"]),
    ...slot("blue"),
    ...slot("green"),
    `verifier:traffic:TrafficSwitch ${p}-traffic`,
    ...image(`${p}-traffic`),
    ...service(`${p}-traffic`, "proxy", ["etc-haproxy", "run-secrets"]),
    `${T.command} ${p}-traffic-reload`,
    `${T.command} ${p}-traffic-smoke`,
    `verifier:metrics:Metrics ${p}-metrics`,
    ...image(`${p}-metrics`),
    ...service(`${p}-metrics`, "prometheus", ["etc-prometheus"]),
    `verifier:backup:BackupSchedule ${p}-backup`,
    ...image(`${p}-backup`),
    ...service(`${p}-backup`, "backup", ["run-secrets"]),
  ];
}

const resourceSet = (run: Awaited<ReturnType<typeof runStack>>) => run.resources.map((r) => `${r.type} ${r.name}`);

test("local: the exact resource set, every child under its component", async () => {
  const run = await runStack("local");
  assert.deepEqual(resourceSet(run), expectedDocker("verifier-local", { registry: false, replicas: 1 }));
  for (const r of run.resources.filter((r) => !r.type.startsWith("verifier:"))) {
    const component = run.resources.find((c) => c.name === r.parent && c.type.startsWith("verifier:"));
    assert.ok(component, `${r.name} has no component parent`);
    assert.ok(r.name.startsWith(`${component.name}-`), `${r.name} is not named after ${component.name}`);
    assert.match(
      r.urn,
      new RegExp(`::${component.type.replace(/[$:]/g, "\\$&")}\\$${r.type.replace(/[$:/]/g, "\\$&")}::${r.name}$`),
    );
  }
});

test("staging, drills and prod-on-docker: the exact resource sets", async () => {
  assert.deepEqual(
    resourceSet(await runStack("staging")),
    expectedDocker("verifier-staging", { registry: true, replicas: 2 }),
  );
  assert.deepEqual(
    resourceSet(await runStack("drills")),
    expectedDocker("verifier-drills", { registry: false, replicas: 1 }),
  );
  assert.deepEqual(
    resourceSet(await runStack("prod", { target: "docker" })),
    expectedDocker("verifier-prod", { registry: true, replicas: 3 }),
  );
});

test("local outputs: the published URL, the colours' images, the backup volume, a secret admin key", async () => {
  const { outputs } = await runStack("local");
  assert.equal(await resolved(outputs.url), "https://127.0.0.1:8443");
  assert.equal(outputs.activeColour, "blue");
  assert.equal(await resolved(outputs.apiImages.blue), "verifier/api:build-0123456789ab");
  assert.equal(await resolved(outputs.backupLocation), "verifier-local-backups");
  assert.equal(await resolved(outputs.adminApiKey), sha256("verifier-local-secrets-admin_api_key").slice(0, 40));
  assert.equal(await isSecretOutput(outputs.adminApiKey), true);
  assert.equal(await isSecretOutput(outputs.url), false);
  // The certificate clients trust is public; the key beside it never leaves the secret.
  assert.equal(
    await resolved(outputs.tlsCertificate),
    "-----BEGIN CERTIFICATE-----\nverifier-local-secrets-tls-pair\n-----END CERTIFICATE-----\n",
  );
  assert.equal(await isSecretOutput(outputs.tlsCertificate), false);
});

test("staging: secrets come from encrypted config and stay secret in the carriers' uploads", async () => {
  const run = await runStack("staging");
  assert.deepEqual(
    run.ofType(T.command).filter((c) => c.parent === "verifier-staging-secrets"),
    [],
  );
  const carrier = run.get(T.container, "verifier-staging-api-blue-1-files");
  assert.equal(isSecretInput(carrier.inputs.uploads), true);
  assert.deepEqual(plain(carrier.inputs.uploads), [
    {
      file: "/run/secrets/db_app_password",
      content: "dbAppPassword-from-config",
      permissions: "0400",
      owner: "10001",
      group: "10001",
    },
    {
      file: "/run/secrets/db_owner_password",
      content: "dbOwnerPassword-from-config",
      permissions: "0400",
      owner: "10001",
      group: "10001",
    },
    {
      file: "/run/secrets/redis_password",
      content: "redisPassword-from-config",
      permissions: "0400",
      owner: "10001",
      group: "10001",
    },
    {
      file: "/run/secrets/admin_api_key",
      content: "adminApiKey-from-config",
      permissions: "0400",
      owner: "10001",
      group: "10001",
    },
    {
      file: "/run/secrets/sandbox_token",
      content: "sandboxToken-from-config",
      permissions: "0400",
      owner: "10001",
      group: "10001",
    },
  ]);
  const tls = plain(run.get(T.container, "verifier-staging-traffic-proxy-files").inputs.uploads)[1];
  assert.deepEqual(tls, {
    file: "/run/secrets/tls_pem",
    content: "tlsCert-from-config\ntlsKey-from-config",
    permissions: "0400",
    owner: "10005",
    group: "10005",
  });
  assert.equal(await isSecretOutput(run.outputs.adminApiKey), true);
  assert.equal(await resolved(run.outputs.adminApiKey), "adminApiKey-from-config");
});

test("staging: registry images are pulled by reference and kept; containers run the pulled image id", async () => {
  const run = await runStack("staging");
  assert.deepEqual(run.get(T.remoteImage, "verifier-staging-api-green-image").inputs, {
    name: "registry.example.internal/verifier/api:0.1.0",
    keepLocally: true,
  });
  const pulled = run.get(T.container, "verifier-staging-database-postgres").inputs.image;
  assert.match(pulled, /^sha256:[a-f0-9]{64}$/);
  // Its file carrier is made from the empty carrier image, imported on the host by a step.
  assert.equal(
    run.get(T.container, "verifier-staging-database-postgres-files").inputs.image,
    "verifier/carrier:verifier-staging",
  );
  assert.deepEqual(
    run.get(T.command, "verifier-staging-storage-carrier-image").inputs.create,
    `docker import --change 'CMD ["/carrier-never-runs"]' --message 'verifier file carrier: empty, never started' /dev/null verifier/carrier:verifier-staging`,
  );
});

test("prod on docker: every pulled reference is a digest", async () => {
  const run = await runStack("prod", { target: "docker" });
  for (const image of run.ofType(T.remoteImage)) assert.match(image.inputs.name, /@sha256:[a-f0-9]{64}$/, image.name);
});

test("a configured docker:host reaches every step and is exported for the runbooks; volumes of data are retained on delete", async () => {
  const run = await runStack("drills", {}, { "docker:host": "ssh://deploy@drills.internal" });
  const dockerSteps = run.ofType(T.command).filter((c) => c.parent !== "verifier-drills-secrets");
  assert.equal(dockerSteps.length > 0, true);
  for (const step of dockerSteps)
    assert.deepEqual(step.inputs.environment, { DOCKER_HOST: "ssh://deploy@drills.internal" }, step.name);
  for (const v of ["pgdata", "prometheus-data", "backups"])
    assert.equal(run.get(T.volume, `verifier-drills-storage-${v}`).options.retainOnDelete, true);
  assert.equal(run.get(T.volume, "verifier-drills-api-blue-1-files-run-secrets").options.retainOnDelete, undefined);
  assert.equal(pulumi.runtime.getConfig("docker:host"), "ssh://deploy@drills.internal");
  assert.deepEqual(
    [run.outputs.dockerHost, (await runStack("drills")).outputs.dockerHost],
    ["ssh://deploy@drills.internal", undefined],
  );
});

test("a backup location given as a host path is bind-mounted and reported, with no backups volume", async () => {
  const run = await runStack("local", { backup: { location: "/srv/verifier-backups" } });
  assert.equal(
    run.resources.some((r) => r.name === "verifier-local-storage-backups"),
    false,
  );
  assert.deepEqual(run.get(T.container, "verifier-local-backup-backup").inputs.mounts[0], {
    type: "bind",
    source: "/srv/verifier-backups",
    target: "/backups",
    readOnly: false,
  });
  assert.equal(await resolved(run.outputs.backupLocation), "/srv/verifier-backups");
});

test("internal networks get a bridge the host guard knows (vint-…, per project and network); the edge network keeps Docker's", async () => {
  const run = await runStack("staging");
  const options = (n: string) => run.get(T.network, `verifier-staging-networks-${n}`).inputs.options;
  assert.deepEqual(["edge", "backend", "metrics", "sandbox"].map(options), [
    undefined,
    { "com.docker.network.bridge.name": "vint-ecdccbd438" },
    { "com.docker.network.bridge.name": "vint-1b1b8a5a91" },
    { "com.docker.network.bridge.name": "vint-dc50d0b3ef" },
  ]);
});
