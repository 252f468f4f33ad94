#!/usr/bin/env zx
// `npx zx runbooks/bin/backup.mjs <stack> [options]`: the backup runbook as a zx script (see runbook.mjs).
import { runbook } from "./runbook.mjs";

await runbook("backup", import.meta.url);
