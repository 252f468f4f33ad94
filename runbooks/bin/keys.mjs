#!/usr/bin/env zx
// `npx zx runbooks/bin/keys.mjs <stack> [options]`: the keys runbook as a zx script (see runbook.mjs).
import { runbook } from "./runbook.mjs";

await runbook("keys", import.meta.url);
