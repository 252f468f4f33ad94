import assert from "node:assert/strict";
import { describe, it } from "vitest";
import { ASK_LABEL, askJobOf } from "./kubeBackupJob.js";

const cron = {
  spec: {
    schedule: "0 */6 * * *",
    jobTemplate: {
      metadata: { labels: { "app.kubernetes.io/component": "backup" } },
      spec: {
        activeDeadlineSeconds: 3600,
        backoffLimit: 2,
        template: {
          metadata: { labels: { "app.kubernetes.io/component": "backup" } },
          spec: {
            restartPolicy: "OnFailure",
            securityContext: { runAsUser: 10007, runAsNonRoot: true },
            containers: [
              {
                name: "backup",
                image: "registry/verifier/backup@sha256:77",
                args: ["node", "/app/dist/src/backup/main.js", "run"],
                volumeMounts: [{ name: "backups", mountPath: "/backups" }],
              },
            ],
            volumes: [{ name: "backups", persistentVolumeClaim: { claimName: "backups" } }],
          },
        },
      },
    },
  },
};

describe("askJobOf", () => {
  it("is the CronJob's template running the asked command once: same pod, one attempt, no restart, cleaned up by the cluster", () => {
    assert.deepEqual(askJobOf(cron, "backup-list-a1b2c3", ["list"]), {
      apiVersion: "batch/v1",
      kind: "Job",
      metadata: {
        name: "backup-list-a1b2c3",
        labels: { "app.kubernetes.io/component": "backup", [ASK_LABEL]: "list" },
      },
      spec: {
        activeDeadlineSeconds: 3600,
        backoffLimit: 0,
        ttlSecondsAfterFinished: 3600,
        template: {
          metadata: { labels: { "app.kubernetes.io/component": "backup" } },
          spec: {
            restartPolicy: "Never",
            securityContext: { runAsUser: 10007, runAsNonRoot: true },
            containers: [
              {
                name: "backup",
                image: "registry/verifier/backup@sha256:77",
                args: ["node", "/app/dist/src/backup/main.js", "list"],
                volumeMounts: [{ name: "backups", mountPath: "/backups" }],
              },
            ],
            volumes: [{ name: "backups", persistentVolumeClaim: { claimName: "backups" } }],
          },
        },
      },
    });
  });

  it("logs an operator command in as the superuser, its password key added to the secrets volume; others stay the backup role", () => {
    const env = [
      { name: "BACKUP_DIR", value: "/backups" },
      { name: "DATABASE_USER", value: "verifier_backup" },
      { name: "DATABASE_PASSWORD_FILE", value: "/run/secrets/db_backup_password" },
    ];
    const secrets = {
      secretName: "verifier",
      defaultMode: 0o440,
      items: [{ key: "db_backup_password", path: "db_backup_password" }],
    };
    const withLogin = structuredClone(cron);
    const pod = withLogin.spec.jobTemplate.spec.template.spec as { containers: object[]; volumes: object[] };
    Object.assign(pod.containers[0]!, { env });
    pod.volumes.push({ name: "secrets", secret: secrets });
    type Job = { spec: { template: { spec: { containers: { env: unknown }[]; volumes: unknown[] } } } };
    const podOf = (job: object) => (job as Job).spec.template.spec;
    const restore = podOf(askJobOf(withLogin, "r", ["restore", "a.dump", "verifier_restore", "--switch"]));
    assert.deepEqual(restore.containers[0]!.env, [
      { name: "BACKUP_DIR", value: "/backups" },
      { name: "DATABASE_USER", value: "verifier" },
      { name: "DATABASE_PASSWORD_FILE", value: "/run/secrets/db_password" },
    ]);
    assert.deepEqual(restore.volumes[1], {
      name: "secrets",
      secret: { ...secrets, items: [...secrets.items, { key: "db_password", path: "db_password" }] },
    });
    const list = podOf(askJobOf(withLogin, "l", ["list"]));
    assert.deepEqual(list.containers[0]!.env, env);
    assert.deepEqual(list.volumes, pod.volumes);
    pod.volumes.pop();
    assert.throws(
      () => askJobOf(withLogin, "r", ["copy", "h", "d"]),
      /its pod has no "secrets" volume to add db_password to$/,
    );
  });

  it("refuses a template whose container has no command to replace, naming the CronJob", () => {
    const bare = structuredClone(cron);
    delete (bare.spec.jobTemplate.spec.template.spec.containers[0] as { args?: string[] }).args;
    assert.throws(
      () => askJobOf(bare, "x", ["list"]),
      /^Error: cronjob\/backup: its container has no args to replace$/,
    );
  });
});
