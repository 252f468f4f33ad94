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

  it("refuses a template whose container has no command to replace, naming the CronJob", () => {
    const bare = structuredClone(cron);
    delete (bare.spec.jobTemplate.spec.template.spec.containers[0] as { args?: string[] }).args;
    assert.throws(
      () => askJobOf(bare, "x", ["list"]),
      /^Error: cronjob\/backup: its container has no args to replace$/,
    );
  });
});
