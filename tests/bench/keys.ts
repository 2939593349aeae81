// The environment of a benchmark database: fixed keys that exist only for
// generated benchmark data (never for a real portal), so the generator and the
// portal started on its file seal and open the same values. Start the portal
// with `{ ...process.env, ...BENCH_ENV, DATABASE_PATH: <file> }`.

/** The password of every officer the generator creates (cheap argon2id hash, as tests/support/officers.ts makes). */
export const BENCH_PASSWORD = 'bench horse battery staple'

export const BENCH_ENV = {
  /** One data key: "id:base64 of 32 bytes" (sha256 of "bench-data-key"). */
  DATA_KEYS: 'bench1:KhwSsr0USnbCzhWWUL2vOdFYMGJz74ef7wkmOSZUrBc=',
  /** sha256 of "bench-index-key": name terms, address and phone hashes, the audit chain. */
  INDEX_KEY: 'igToPKU9TCMKX0w7ZlS48VJfBeI0MBwNF1ouvef7XIQ=',
  /** Signs the officers' session cookies (benchOfficer in tests/bench/generate-officers.ts signs with it too). */
  SESSION_SECRET: 'bench-only-session-secret-not-for-production',
  MAIL_FROM: 'Rights Portal <no-reply@portal.example>',
  /** No SMTP_URL: email stays in the outbox, as on a local portal. */
  LOG_LEVEL: 'warn',
} as const satisfies Record<string, string>

/** Puts BENCH_ENV into this process's environment, so the portal's env() reads it (call resetEnv() after). */
export function applyBenchEnv(target: NodeJS.ProcessEnv = process.env): void {
  Object.assign(target, BENCH_ENV)
}
