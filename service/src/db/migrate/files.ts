import { createHash } from "node:crypto";
import { readdir, readFile } from "node:fs/promises";
import { join } from "node:path";
import { MigrationError } from "./errors.js";

/** One numbered file, e.g. `001_init.sql`: version 1, name "init". */
export interface MigrationFile {
  version: number;
  name: string;
  fileName: string;
  sql: string;
  sha256: string;
}

const FILE_NAME = /^(\d{3})_([a-z0-9_]+)\.sql$/;

/** Parses a migration file name; throws naming the file when it breaks the pattern. */
export function parseMigrationName(fileName: string): { version: number; name: string } {
  const match = FILE_NAME.exec(fileName);
  if (!match) {
    throw new MigrationError(
      "MIGRATION_NAME_INVALID",
      `migration ${fileName}: name must look like NNN_lower_snake.sql (e.g. 002_add_keys.sql); rename it`,
    );
  }
  return { version: Number(match[1]), name: match[2] as string };
}

/** Builds the ordered file list from names and contents; pure, so tests need no disk. */
export function toMigrationFiles(entries: ReadonlyArray<{ fileName: string; sql: string }>): MigrationFile[] {
  const files = entries.map(({ fileName, sql }) => ({
    ...parseMigrationName(fileName),
    fileName,
    sql,
    sha256: createHash("sha256").update(sql).digest("hex"),
  }));
  files.sort((a, b) => a.version - b.version);
  files.forEach((file, index) => {
    const previous = files[index - 1];
    if (previous && previous.version === file.version) {
      throw new MigrationError(
        "MIGRATION_DUPLICATE_VERSION",
        `migrations ${previous.fileName} and ${file.fileName} share version ${file.version}; renumber one`,
      );
    }
  });
  return files;
}

/** Reads every `.sql` file of `dir`; other files (a README) are ignored. */
export async function readMigrationFiles(dir: string): Promise<MigrationFile[]> {
  const names = (await readdir(dir)).filter((name) => name.endsWith(".sql"));
  const entries = await Promise.all(
    names.map(async (fileName) => ({ fileName, sql: await readFile(join(dir, fileName), "utf8") })),
  );
  return toMigrationFiles(entries);
}
