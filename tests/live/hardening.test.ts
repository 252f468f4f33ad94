import { beforeAll } from "vitest";
import { composeEnvironment, type LiveEnvironment } from "../support/environment.js";
import { REPO_ROOT, TEST_INSTANCE, useStack } from "../support/instance.js";
import { databaseRolesSuite } from "../support/suites/databaseRoles.js";
import { hardeningSuite } from "../support/suites/hardening.js";

// The Compose rendering; tests/live/pulumi-stack.test.ts runs the same suite on a real `pulumi up`.
let env: LiveEnvironment;
beforeAll(async () => {
  env = composeEnvironment(await useStack(), REPO_ROOT, TEST_INSTANCE);
});

hardeningSuite(() => env);
databaseRolesSuite(() => env);
