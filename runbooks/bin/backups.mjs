#!/usr/bin/env zx
// `npx zx runbooks/bin/backups.mjs <stack> [options]`: the backups runbook as a zx script (see runbook.mjs).
import { runbook } from "./runbook.mjs";

await runbook("backups", import.meta.url);
