#!/usr/bin/env node
// The `ops` bin: loads the TypeScript runbooks through tsx (a dependency of this package), then runs them.
import { register } from "tsx/esm/api";

register();
await import("../ops.ts");
