import { z } from 'zod'

// Parsed once; the process refuses to start with a message naming each wrong variable.
const schema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  DATABASE_PATH: z.string().min(1).default('data/portal.sqlite'),
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().default('127.0.0.1'),
  PUBLIC_URL: z.string().url().default('http://localhost:3000'),
  SMTP_URL: z
    .string()
    .regex(/^smtps?:\/\//, 'must start with smtp:// or smtps://')
    .optional()
    .or(z.literal('').transform(() => undefined)),
  MAIL_FROM: z.string().default('Rights Portal <no-reply@portal.example>'),
  SESSION_SECRET: z.string().min(16, 'must be at least 16 characters').default('dev-only-secret-change-me'),
  OUTBOX_INTERVAL_MS: z.coerce.number().int().positive().default(2000),
})

export type Env = z.infer<typeof schema>

export function parseEnv(source: NodeJS.ProcessEnv): Env {
  const result = schema.safeParse(source)
  if (!result.success) {
    const lines = result.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`)
    throw new Error(`Invalid configuration:\n${lines.join('\n')}`)
  }
  const env = result.data
  if (!isLocal(env.PUBLIC_URL)) {
    const problems: string[] = []
    if (env.SESSION_SECRET === 'dev-only-secret-change-me') problems.push('  SESSION_SECRET: set a secret of your own when PUBLIC_URL is not localhost')
    // Without SMTP, email waits in the outbox, which is shown only on a local portal.
    if (!env.SMTP_URL) problems.push('  SMTP_URL: required when PUBLIC_URL is not localhost')
    if (problems.length) throw new Error(`Invalid configuration:\n${problems.join('\n')}`)
  }
  return env
}

/**
 * The development mailbox (/<lang>/dev/mailbox) shows unsent email, single-use
 * links included: only on a portal that sends no email and serves localhost.
 */
export function devMailboxEnabled(e: Env): boolean {
  return !e.SMTP_URL && isLocal(e.PUBLIC_URL)
}

function isLocal(url: string) {
  const host = new URL(url).hostname
  return host === 'localhost' || host === '127.0.0.1' || host === '[::1]'
}

let cached: Env | undefined
export function env(): Env {
  return (cached ??= parseEnv(process.env))
}
