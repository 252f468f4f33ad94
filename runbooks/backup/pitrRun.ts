import { setTimeout as sleep } from "node:timers/promises";
import { say, step } from "../../infra/exec/progress.js";
import { CommandError, run } from "../../infra/exec/run.js";
import { awaitPrimaryIn } from "./drill/environment.js";
import { psqlInArgv, rolesInArgv, volumeCreateArgv } from "./drill/plan.js";
import type { BackupSite } from "../targets/target.js";
import { BackupRunbookError } from "./errors.js";
import { dockerBackupJob } from "./job.js";
import { MARK_AND_SWITCH_SQL, archivedSql, recoveryServerArgv, stageArgv, type LiveFacts } from "./pitrArgv.js";
import type { PitrPlan } from "./pitrPlan.js";
import { copyResultSchema, jobAnswer, type CopyResult } from "./schemas.js";

/** How long the archiver may take to copy the segment just switched, ms. */
const ARCHIVE_WAIT_MS = 60_000;
const POLL_MS = 100;

/**
 * Before planning: a commit, then a WAL switch on the live server, waited for until archived, so the
 * archive reaches now. A live server that does not answer is left alone: the archive is what it is.
 */
export async function archiveCurrentWal(live: string): Promise<void> {
  const argv = [...psqlInArgv(live), ...MARK_AND_SWITCH_SQL.flatMap((sql) => ["-c", sql])];
  const segment = await run(argv, { timeoutMs: 30_000 }).then(
    (out) => out.trim().split("\n").at(-1) ?? "",
    () => "",
  );
  if (segment === "") return say(`· ${live} does not answer: planning with the archive as it is`);
  const deadline = Date.now() + ARCHIVE_WAIT_MS;
  while ((await run(psqlInArgv(live, archivedSql(segment)), { timeoutMs: 10_000 })).trim() !== "t") {
    if (Date.now() > deadline)
      throw new BackupRunbookError(
        "RESTORE_FAILED",
        `WAL segment ${segment} was not archived within ${ARCHIVE_WAIT_MS / 1000} s; check archive_command in ${live}'s log`,
      );
    await sleep(POLL_MS);
  }
}

/**
 * Recovers the base backup to the plan's time in a throwaway server, then has the backup job copy
 * its database into a fresh one on the live server and switch it in (`copy --switch`). The
 * throwaway and its volume go whatever happens; the live database is only ever renamed.
 */
export async function recoverAndCopy(site: BackupSite, stack: string, plan: PitrPlan): Promise<CopyResult> {
  const live = await liveFacts(site);
  const project = site.project;
  const { container, volume } = plan.recovery;
  try {
    await step(`stage ${plan.base.name} + ${plan.segments.length} WAL segment(s) into ${volume}`, async () => {
      await run(volumeCreateArgv(project, volume.slice(project.length + 1), stack));
      await run(stageArgv(live, plan), { timeoutMs: 60 * 60_000 });
    });
    await step(`replay WAL until ${plan.toTime} in ${container}`, async () => {
      await run(recoveryServerArgv(live, plan));
      await awaitPrimaryIn(container).catch((err: Error) => {
        throw new BackupRunbookError(
          "RESTORE_FAILED",
          `recovery to ${plan.toTime} failed, the live database was not touched: ${err.message}`,
        );
      });
      await run(rolesInArgv(container), { timeoutMs: 30_000 });
    });
    const out = await step(`copy into ${plan.database}, compare, switch (in ${site.backup})`, () =>
      dockerBackupJob(site)
        .ask(["copy", container, plan.database, "--switch"], 60 * 60_000)
        .catch((err: Error) => {
          const why = err instanceof CommandError ? err.stderrTail || err.message : err.message;
          throw new BackupRunbookError("RESTORE_FAILED", `copy failed; the live database was not switched: ${why}`);
        }),
    );
    return jobAnswer(copyResultSchema, out, "copy");
  } finally {
    await run(["docker", "rm", "-f", container]).catch(() => undefined);
    await run(["docker", "volume", "rm", "-f", volume]).catch(() => undefined);
  }
}

async function liveFacts(site: BackupSite): Promise<LiveFacts> {
  const postgres = site.postgres;
  const inspect = (format: string) =>
    run(["docker", "inspect", "--format", format, postgres]).then(
      (o) => o.trim(),
      () => "",
    );
  const postgresImage = await inspect("{{.Config.Image}}");
  const secrets = await inspect(
    `{{range .Mounts}}{{if eq .Destination "/run/secrets"}}{{if eq .Type "volume"}}{{.Name}}{{else}}{{.Source}}{{end}}{{end}}{{end}}`,
  );
  if (postgresImage === "" || secrets === "") {
    throw new BackupRunbookError(
      "RESTORE_FAILED",
      `${postgres} is not there to copy into: a point-in-time restore goes into the live server; start the stack first (\`npm start\` / \`pulumi up\`), or run \`ops drill\` to recover into a fresh environment`,
    );
  }
  return { project: site.project, postgresImage, backups: site.backups, secrets };
}
