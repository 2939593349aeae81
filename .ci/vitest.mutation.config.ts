import { defineConfig } from 'vitest/config'
import base from '../vite.config'

// The tests the mutation run uses (npm run mutation): those of the domain and
// the guards that need neither the built portal nor a browser, so each mutant
// is tried in seconds.
export default defineConfig({
  ...base,
  test: {
    ...base.test,
    include: [
      'app/**/*.test.ts',
      'emails/**/*.test.ts',
      'tests/guards.test.ts',
      'tests/sessions.test.ts',
      'tests/officer-actions.test.ts',
      'tests/accounts.test.ts',
      'tests/at-rest.test.ts',
      'tests/digest.test.ts',
      'tests/outbox.test.ts',
      'tests/answer-guards.test.ts',
      'tests/connectors-sandbox.test.ts',
    ],
    globalSetup: [],
  },
})
