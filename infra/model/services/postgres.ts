import type { StackConfig } from "../../config/schema.js";
import { hardened, healthcheck, runDir } from "../hardening.js";
import { PORTS } from "../ports.js";
import type { ServiceSpec } from "../types.js";
import { DATABASE, ROLE_SECRETS, roleEnv } from "../database.js";

export const PGDATA = "/var/lib/postgresql/data/pgdata";
/** Where the backup volume is mounted in postgres (WAL archive) and in the backup job. */
export const BACKUP_MOUNT = "/backups";
/**
 * The group ("backups") both postgres and the backup job join: postgres archives WAL into the volume,
 * the job writes dumps and base backups and reads WAL, a restore reads both. The directory is setgid
 * 2770 to this group in both images, so every file either writes stays readable by the other.
 */
export const BACKUP_GID = 10100;

export function postgresService(cfg: StackConfig): ServiceSpec {
  const base = hardened("postgres", cfg);
  return {
    ...base,
    name: "postgres",
    // Fast shutdown: a stop ends the sessions and checkpoints, rather than wait for clients (types.ts).
    stopSignal: "SIGINT",
    command: postgresArgs(cfg),
    networks: ["backend"],
    env: {
      PGDATA,
      POSTGRES_DB: DATABASE.name,
      POSTGRES_USER: DATABASE.user,
      POSTGRES_PASSWORD_FILE: "/run/secrets/db_password",
      ...roleEnv(),
    },
    secrets: ["db_password", ...ROLE_SECRETS],
    ports: [{ name: "postgres", container: PORTS.postgres }],
    // Only an archiving server touches the backup volume, so only it joins the backups group.
    ...(cfg.backup.walArchiving ? { groups: [BACKUP_GID] } : {}),
    mounts: [
      { volume: "pgdata", target: "/var/lib/postgresql/data", readOnly: false },
      ...(cfg.backup.walArchiving ? [{ volume: "backups", target: BACKUP_MOUNT, readOnly: false }] : []),
    ],
    tmpfs: [...base.tmpfs, runDir("postgres", "/run/postgresql", 8)],
    // Ready to connect; and once per start it wakes the checkpointer, without which archive_timeout
    // counts only from the first checkpoint, up to 5 minutes after a start (the script says why).
    healthcheck: healthcheck(["CMD", "/usr/local/bin/postgres-health", DATABASE.user, DATABASE.name], 30),
  };
}

/** Server settings passed as arguments so they are visible in the model, not hidden in an image. */
function postgresArgs(cfg: StackConfig): string[] {
  const args = ["postgres", "-c", "listen_addresses=*", "-c", "password_encryption=scram-sha-256"];
  if (!cfg.backup.walArchiving) return args;
  return [
    ...args,
    "-c",
    "wal_level=replica",
    "-c",
    "archive_mode=on",
    "-c",
    `archive_command=/usr/local/bin/archive-wal %p %f`,
    "-c",
    `archive_timeout=${cfg.backup.archiveTimeoutSeconds}`,
  ];
}
