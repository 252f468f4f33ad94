#!/usr/bin/env zx
// `npx zx runbooks/bin/restore.mjs <stack> [options]`: the restore runbook as a zx script (see runbook.mjs).
import { runbook } from "./runbook.mjs";

await runbook("restore", import.meta.url);
