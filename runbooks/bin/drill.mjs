#!/usr/bin/env zx
// `npx zx runbooks/bin/drill.mjs <stack> [options]`: the drill runbook as a zx script (see runbook.mjs).
import { runbook } from "./runbook.mjs";

await runbook("drill", import.meta.url);
