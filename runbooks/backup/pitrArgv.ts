import { DATABASE } from "../../infra/model/database.js";
import { PGDATA } from "../../infra/model/services/postgres.js";
import { SERVICE_UIDS } from "../../infra/model/users.js";
import { oneOffArgv } from "../../infra/model/oneOff.js";
import { throwawayArgv } from "./job.js";
import type { PitrPlan } from "./pitrPlan.js";

/** What the recovery borrows from the live stack: its postgres image, its backup volume (or path) and its postgres secrets. */
export interface LiveFacts {
  project: string;
  postgresImage: string;
  backups: string;
  /** The source of the live postgres' /run/secrets mount (a host directory, or a volume). */
  secrets: string;
}

const DATA_MOUNT = "/var/lib/postgresql/data";
const user = `${SERVICE_UIDS.postgres}:${SERVICE_UIDS.postgres}`;

/** restore-base in a throwaway: the base backup and the chosen WAL (read-only) into the fresh volume, with the target time. */
export function stageArgv(live: LiveFacts, plan: PitrPlan): string[] {
  return throwawayArgv(
    {
      image: live.postgresImage,
      network: "none",
      user,
      mounts: [
        { source: live.backups, target: "/backups", readOnly: true },
        { source: plan.recovery.volume, target: DATA_MOUNT, readOnly: false },
      ],
      env: { PGDATA },
      entrypoint: "/usr/local/bin/restore-base",
    },
    [plan.base.name, plan.base.sha256, recoveryTargetTime(plan.toTime), ...plan.segments],
  );
}

/** recovery_target_time refuses the ISO "T…Z" spelling: the same instant as "YYYY-MM-DD HH:MM:SS.sss+00". */
export function recoveryTargetTime(iso: string): string {
  return new Date(iso).toISOString().replace("T", " ").replace("Z", "+00");
}

/**
 * The recovery server: the live image, hardened like the live one, on the stack's backend network
 * (its container name is the host the backup job copies from), no archiving (it must never write
 * into the live archive), labelled with the project so `down --purge` removes a leftover.
 */
export function recoveryServerArgv(live: LiveFacts, plan: PitrPlan): string[] {
  return oneOffArgv(
    {
      image: live.postgresImage,
      network: `${live.project}-backend`,
      user,
      tmpfs: [
        "/tmp:size=64m",
        `/run/postgresql:size=8m,mode=700,uid=${SERVICE_UIDS.postgres},gid=${SERVICE_UIDS.postgres}`,
      ],
      limits: { memoryMiB: 1024, pids: 256 },
      labels: { "verifier.project": live.project },
      mounts: [
        { source: plan.recovery.volume, target: DATA_MOUNT, readOnly: false },
        { source: live.secrets, target: "/run/secrets", readOnly: true },
      ],
      env: {
        PGDATA,
        POSTGRES_USER: DATABASE.user,
        POSTGRES_DB: DATABASE.name,
        POSTGRES_PASSWORD_FILE: "/run/secrets/db_password",
      },
      detachedAs: plan.recovery.container,
    },
    ["postgres", "-c", "listen_addresses=*", "-c", "password_encryption=scram-sha-256"],
  );
}

/**
 * Two transactions on the live server: one that commits (its commit record is a point after any
 * earlier --to-time, so recovery finds where to stop), then a WAL switch that hands the segment
 * holding it to the archiver. Prints the switched segment's name last.
 */
export const MARK_AND_SWITCH_SQL = ["SELECT pg_current_xact_id()", "SELECT pg_walfile_name(pg_switch_wal())"];

/** "t" once the archiver has copied `segment` (same timeline: names compare in order). */
export const archivedSql = (segment: string): string =>
  `SELECT coalesce(last_archived_wal >= '${segment.replace(/[^0-9A-F]/g, "")}', false) FROM pg_stat_archiver`;
