import { beforeAll } from "vitest";
import { composeEnvironment, type LiveEnvironment } from "../support/environment.js";
import { REPO_ROOT, TEST_INSTANCE, useStack } from "../support/instance.js";
import { isolationSuite } from "../support/suites/isolation.js";

// The Compose rendering; the Pulumi stack tests run the same suite on what the engine made.
let env: LiveEnvironment;
beforeAll(async () => {
  env = composeEnvironment(await useStack(), REPO_ROOT, TEST_INSTANCE);
});

isolationSuite(() => env);
