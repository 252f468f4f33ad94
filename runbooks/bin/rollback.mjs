#!/usr/bin/env zx
// `npx zx runbooks/bin/rollback.mjs <stack> [options]`: the rollback runbook as a zx script (see runbook.mjs).
import { runbook } from "./runbook.mjs";

await runbook("rollback", import.meta.url);
