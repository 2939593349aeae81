import fs from 'node:fs'
import { BaseSequencer, type TestSpecification } from 'vitest/node'

// The order test files start in: as vitest orders them (longest first, by the
// last run's times), but those that need the production build after those
// that do not, so the build (./global-setup.ts) runs beside test files instead
// of before all of them.

const NEEDS_BUILD = /\bstartApp\b|support\/server-process/

export class BuildLastSequencer extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const sorted = await super.sort(files)
    const needsBuild = (file: TestSpecification) => NEEDS_BUILD.test(fs.readFileSync(file.moduleId, 'utf8'))
    return [...sorted.filter((f) => !needsBuild(f)), ...sorted.filter(needsBuild)]
  }
}
