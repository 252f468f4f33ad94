import type { SecretName } from "./types.js";

/**
 * The database and the roles that reach it, one home for their names. The superuser (`user`, the
 * cluster's bootstrap role) is the operator's: restores, switches and drills run as it (the runbooks
 * pass it to the backup job for those commands alone, runbooks/backup/job.ts); no long-running service
 * holds its password. Each service logs in as the least it needs:
 *   owner   the api's migrations (a connection of their own, closed once they ran); owns the schema,
 *           and restores make the databases they put live as it (DATABASE_RESTORE_ROLE)
 *   app     the api's serving pool; its rights are the GRANTs of the migrations (service/migrations)
 *   backup  the scheduled backup job: reads everything, test-restores into scratch databases, takes
 *           base backups; writes nothing of the live database
 * The postgres image makes the roles so on every start (infra/images/files/postgres-roles), which is
 * also what upgrades a volume made before they existed.
 */
export const DATABASE = { name: "verifier", user: "verifier" } as const;

export type RoleKind = "owner" | "app" | "backup";

export interface DatabaseRole {
  role: string;
  secret: SecretName;
}

export const DATABASE_ROLES: Readonly<Record<RoleKind, DatabaseRole>> = {
  owner: { role: "verifier_owner", secret: "db_owner_password" },
  app: { role: "verifier_app", secret: "db_app_password" },
  backup: { role: "verifier_backup", secret: "db_backup_password" },
};

const KINDS: RoleKind[] = ["owner", "app", "backup"];

/** Where a service reads a secret (the mount every renderer gives `secrets`). */
export const secretFile = (name: SecretName): string => `/run/secrets/${name}`;

/** The postgres container's environment that names each role and its password file (postgres-roles). */
export function roleEnv(): Record<string, string> {
  return Object.fromEntries(
    KINDS.flatMap((kind) => {
      const { role, secret } = DATABASE_ROLES[kind];
      const key = `POSTGRES_${kind.toUpperCase()}`;
      return [
        [`${key}_ROLE`, role],
        [`${key}_PASSWORD_FILE`, secretFile(secret)],
      ];
    }),
  );
}

/** Every role's password secret, for the postgres container, which sets them. */
export const ROLE_SECRETS: SecretName[] = KINDS.map((kind) => DATABASE_ROLES[kind].secret);
