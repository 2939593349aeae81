// npm run mutation: one small change at a time to the domain's rules, the
// server's guards, answers and downloads, API keys and connectors, each tried
// against the unit tests of .ci/vitest.mutation.config.ts. Not part of
// `npm test` (it takes a while); the last score is in the README.
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
    'app/web/auth.server.ts:108-122', // officerRedirectTarget
    'app/server.ts:208-218', // refuseCrossSiteWrites
    'emails/layout.ts',
    // Answers: the grounds of each right, the answer's rules, the person's
    // downloads, and their storage (tests/answer-guards.test.ts,
    // tests/officer-actions.test.ts, app/domain/grounds.test.ts).
    'app/domain/grounds.ts',
    'app/domain/answers.server.ts',
    'app/data/answers.server.ts',
    // The do-not-contact API: its keys, its limit, the list's keyed hashes.
    'app/domain/api-keys.server.ts',
    'app/domain/do-not-contact.server.ts',
    // Connectors, which run what an organisation file says: untrusted input
    // (app/data/connectors/connectors.test.ts, tests/connectors-sandbox.test.ts).
    'app/data/connectors/addresses.server.ts',
    'app/data/connectors/collected.ts',
    'app/data/connectors/files.server.ts',
    'app/data/connectors/index.server.ts',
    'app/data/connectors/sqlite.server.ts',
    'app/data/connectors/sqlite-process.server.ts',
    'app/data/connectors/webhook.server.ts',
    // Sign-in's limits and the hold (tests/accounts.test.ts), and what a
    // processor may do on a client's request (app/domain/processor-clients.test.ts).
    'app/domain/sign-in.server.ts',
    'app/domain/processor-clients.ts',
  ],
  coverageAnalysis: 'perTest',
  concurrency: 2,
  timeoutMS: 20_000,
  tempDirName: '.cache/stryker-tmp',
  reporters: ['clear-text', 'progress', 'html'],
  htmlReporter: { fileName: 'test-results/mutation/index.html' },
  thresholds: { high: 80, low: 60, break: null },
}
