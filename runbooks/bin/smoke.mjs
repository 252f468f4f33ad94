#!/usr/bin/env zx
// `npx zx runbooks/bin/smoke.mjs <stack> [options]`: the smoke runbook as a zx script (see runbook.mjs).
import { runbook } from "./runbook.mjs";

await runbook("smoke", import.meta.url);
