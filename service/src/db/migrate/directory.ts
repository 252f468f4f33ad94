import { existsSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { MigrationError } from "./errors.js";

/**
 * The package's `migrations/` folder, found from this file rather than the cwd: the nearest
 * ancestor holding both package.json and migrations/. That is service/ when run from source
 * (src/db/migrate) and /app in the image (dist/src/db/migrate), whatever the working directory.
 */
export function findMigrationsDir(fromUrl: string = import.meta.url): string {
  const start = dirname(fileURLToPath(fromUrl));
  for (let dir = start; ; dir = dirname(dir)) {
    const candidate = join(dir, "migrations");
    if (existsSync(join(dir, "package.json")) && existsSync(candidate)) return candidate;
    if (dirname(dir) === dir) break;
  }
  throw new MigrationError(
    "MIGRATIONS_DIR_NOT_FOUND",
    `no ancestor of ${start} holds package.json and migrations/; ship migrations/ beside package.json`,
  );
}
