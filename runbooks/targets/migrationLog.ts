import { z } from "zod";
import type { MigrationReport } from "./target.js";

/** The api's boot line (service/src/main.ts): `database ready` with the migration result. */
const readyLine = z.object({
  msg: z.literal("database ready"),
  applied: z.array(z.string()),
  schemaVersion: z.number(),
});

/**
 * What the colour's boot applied, from its JSON log lines (the newest boot wins). The service runs
 * pending migrations under an advisory lock before it listens, so a healthy colour has migrated.
 */
export function migrationsFromLog(log: string): MigrationReport {
  const lines = log
    .split("\n")
    .filter((l) => l.startsWith("{"))
    .reverse();
  for (const line of lines) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(line);
    } catch {
      continue;
    }
    const ready = readyLine.safeParse(parsed);
    if (ready.success) return { reported: true, applied: ready.data.applied, schemaVersion: ready.data.schemaVersion };
  }
  return { reported: false, applied: [] };
}
