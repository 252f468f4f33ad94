#!/usr/bin/env zx
// `npx zx runbooks/bin/deploy.mjs <stack> [options]`: the deploy runbook as a zx script (see runbook.mjs).
import { runbook } from "./runbook.mjs";

await runbook("deploy", import.meta.url);
