#!/usr/bin/env zx
// `npx zx runbooks/bin/flip.mjs <stack> [options]`: the flip runbook as a zx script (see runbook.mjs).
import { runbook } from "./runbook.mjs";

await runbook("flip", import.meta.url);
