// Shared through globalThis with tests/support/setup-file.ts, which fails a
// test that writes to console.error unless the test said it expects to.
export const CONSOLE_ERROR_ALLOWED = Symbol.for('rights-portal.test.console-error-allowed')

/** Call in a test that deliberately causes an error to be logged. */
export function allowConsoleError(): void {
  ;(globalThis as unknown as Record<symbol, boolean>)[CONSOLE_ERROR_ALLOWED] = true
}
