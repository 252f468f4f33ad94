#!/usr/bin/env zx
// `npx zx runbooks/bin/security.mjs <stack> [options]`: the security runbook as a zx script (see runbook.mjs).
import { runbook } from "./runbook.mjs";

await runbook("security", import.meta.url);
