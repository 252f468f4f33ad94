import type { StackConfig } from "../../config/schema.js";
import { hardened, healthcheck, httpProbe } from "../hardening.js";
import { PORTS } from "../ports.js";
import { metricsAlias } from "../metricsReach.js";
import type { ServiceSpec } from "../types.js";
import { DATABASE, DATABASE_ROLES, secretFile } from "../database.js";
import { BACKUP_GID, BACKUP_MOUNT } from "./postgres.js";

/**
 * The scheduled backup job: a long-running scheduler that runs pg_dump at the configured cron times.
 * Its volume is mounted in no app container, so recreating the api never touches a backup.
 */
export function backupService(stack: string, cfg: StackConfig): ServiceSpec {
  return {
    ...hardened("backup", cfg),
    name: "backup",
    command: ["node", "/app/dist/src/backup/main.js", "schedule"],
    groups: [BACKUP_GID],
    networks: ["backend", "metrics"],
    metricsAliases: [metricsAlias("backup")],
    env: {
      BACKUP_STACK: stack,
      BACKUP_DIR: BACKUP_MOUNT,
      BACKUP_SCHEDULE: cfg.backup.schedule,
      BACKUP_RETAIN: String(cfg.backup.retain),
      // With WAL archiving each run also takes a base backup: a dump alone cannot be rolled forward.
      BACKUP_BASE_BACKUPS: String(cfg.backup.walArchiving),
      METRICS_PORT: String(PORTS.backupMetrics),
      METRICS_HOST: metricsAlias("backup"),
      DATABASE_HOST: "postgres",
      DATABASE_PORT: String(PORTS.postgres),
      DATABASE_NAME: DATABASE.name,
      // The backup role; the runbooks log its restores in as the superuser (runbooks/backup/job.ts).
      DATABASE_USER: DATABASE_ROLES.backup.role,
      DATABASE_PASSWORD_FILE: secretFile(DATABASE_ROLES.backup.secret),
      // A restore's database, and what is in it, belong to the schema's owner, as the live one does.
      DATABASE_RESTORE_ROLE: DATABASE_ROLES.owner.role,
    },
    secrets: [DATABASE_ROLES.backup.secret],
    ports: [{ name: "metrics", container: PORTS.backupMetrics }],
    mounts: [{ volume: "backups", target: BACKUP_MOUNT, readOnly: false }],
    // Its only listener is the metrics one, bound to the metrics network's address alone.
    healthcheck: healthcheck(httpProbe(PORTS.backupMetrics, "/health/live", metricsAlias("backup"))),
    dependsOn: ["postgres"],
  };
}
