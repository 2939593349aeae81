import pino from 'pino'
import { env } from '~/utils/env.server'

// One structured logger: a JSON line per event. What is logged are facts
// (ids, kinds, counts, durations, error classes), never personal data, tokens
// or secrets; the redaction below is the safety net, not the rule.

let instance: pino.Logger | undefined

export function logger(): pino.Logger {
  const options: pino.LoggerOptions = {
    level: env().LOG_LEVEL,
    base: { service: 'rights-portal' },
    redact: {
      paths: ['email', 'to', 'recipient', 'name', 'password', 'token', 'cookie', 'authorization', '*.email', '*.token', '*.password', 'req.headers.cookie', 'req.headers.authorization'],
      censor: '[redacted]',
    },
  }
  // In the tests an error is written to console.error, which fails the test
  // that caused it (tests/support/setup-file.ts); nothing else is printed.
  instance ??= process.env.NODE_ENV === 'test' ? pino({ ...options, level: 'error' }, { write: (line: string) => console.error(line) }) : pino(options)
  return instance
}
