import type { AnyCommand } from "../cli/command.js";
import { backup } from "./backup.js";
import { backups } from "./backups.js";
import { deploy } from "./deploy.js";
import { drill } from "./drill.js";
import { flip } from "./flip.js";
import { keys } from "./keys.js";
import { security } from "./security.js";
import { restore } from "./restore.js";
import { rollback } from "./rollback.js";
import { smoke } from "./smoke.js";
import { status } from "./status.js";

/**
 * Every runbook, one file each. A new runbook (backup, restore, drill, keys, security) is a file
 * exporting defineCommand({...}) and one line here; `ops --help` lists it.
 */
export const COMMANDS: AnyCommand[] = [deploy, flip, rollback, status, smoke];
COMMANDS.push(backup, backups, restore, drill);
COMMANDS.push(keys, security);
