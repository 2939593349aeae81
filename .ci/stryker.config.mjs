// npm run mutation: one small change at a time to the domain's rules and the
// server's guards, each tried against the unit tests of
// .ci/vitest.mutation.config.ts. Not part of `npm test` (it takes a while);
// the last score is in the README.
/** @type {import('@stryker-mutator/api/core').PartialStrykerOptions} */
export default {
  testRunner: 'vitest',
  plugins: ['@stryker-mutator/vitest-runner'],
  vitest: { configFile: '.ci/vitest.mutation.config.ts', related: false },
  // The rules of the law and the guards: small files, each with unit tests
  // that run in seconds. (The transitions in requests.server.ts are tested
  // through tests/officer-actions.test.ts, too slow to rerun per mutant.)
  mutate: [
    'app/domain/lifecycle.ts',
    'app/domain/clock-rules.ts',
    'app/domain/deadlines.ts',
    'app/domain/permissions.ts',
    'app/data/sessions.server.ts',
    'app/utils/text.ts',
    'app/web/auth.server.ts:100-121',
    'app/server.ts:131-141',
    'emails/layout.ts',
  ],
  coverageAnalysis: 'perTest',
  concurrency: 2,
  timeoutMS: 20_000,
  tempDirName: '.cache/stryker-tmp',
  reporters: ['clear-text', 'progress', 'html'],
  htmlReporter: { fileName: 'test-results/mutation/index.html' },
  thresholds: { high: 80, low: 60, break: null },
}
