#!/usr/bin/env zx
// `npx zx runbooks/bin/status.mjs <stack> [options]`: the status runbook as a zx script (see runbook.mjs).
import { runbook } from "./runbook.mjs";

await runbook("status", import.meta.url);
