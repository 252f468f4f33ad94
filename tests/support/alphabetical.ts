import { BaseSequencer, type TestSpecification } from "vitest/node";

/**
 * A live lane runs its files in name order, as a person reads the folder: `zz-lifecycle.test.ts`, which
 * stops the shared instance, comes last. (Vitest's own order puts the slowest and largest files first.)
 */
export default class Alphabetical extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    return [...files].sort((a, b) => a.moduleId.localeCompare(b.moduleId));
  }
}
