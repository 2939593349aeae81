import { createHash } from 'node:crypto'
import path from 'node:path'
import { z } from 'zod'

// Parsed once; the process refuses to start with a message naming each wrong variable.

const DEV_SESSION_SECRET = 'dev-only-secret-change-me'

/** 32 bytes, base64. */
const key = z
  .string()
  .transform((s) => Buffer.from(s.trim(), 'base64'))
  .refine((b) => b.length === 32, 'must be 32 bytes in base64 (make one with: npm run portal -- new-key)')

/** "id:key,id:key": the first key seals new values, every listed key opens old ones. */
const dataKeys = z
  .string()
  .transform((s, ctx) => {
    const entries = s
      .split(',')
      .map((part) => part.trim())
      .filter(Boolean)
      .map((part) => {
        const colon = part.indexOf(':')
        const id = colon > 0 ? part.slice(0, colon) : ''
        const bytes = Buffer.from(part.slice(colon + 1), 'base64')
        if (!/^[A-Za-z0-9_-]{1,32}$/.test(id) || bytes.length !== 32) {
          ctx.addIssue({ code: 'custom', message: 'write each key as id:base64-of-32-bytes, separated by commas (make one with: npm run portal -- new-key)' })
        }
        return { id, key: bytes }
      })
    if (entries.length === 0) ctx.addIssue({ code: 'custom', message: 'at least one key' })
    if (new Set(entries.map((e) => e.id)).size !== entries.length) ctx.addIssue({ code: 'custom', message: 'key ids must differ' })
    return entries
  })

/**
 * "host[:port],…": webhook hosts the operator lets connectors call although
 * they are in a private or local network. A host without a port is allowed on
 * any port. Names are compared as the URL parser writes them (lower case,
 * IPv6 in brackets), so "127.0.0.1" does not also allow "2130706433".
 */
const allowedHosts = z
  .string()
  .default('')
  .transform((s, ctx) =>
    s
      .split(',')
      .map((part) => part.trim())
      .filter(Boolean)
      .flatMap((entry) => {
        const match = /^(\[[0-9a-fA-F:.]+\]|[^:[\]/@?#\s]+)(?::(\d{1,5}))?$/.exec(entry)
        const hostname = match && URL.canParse(`https://${match[1]}`) ? new URL(`https://${match[1]}`).hostname : null
        const port = match?.[2] === undefined ? null : Number(match[2])
        if (!hostname || (port !== null && (port < 1 || port > 65535))) {
          ctx.addIssue({ code: 'custom', message: `"${entry}" is not a host or host:port, such as crm.internal.example:8443` })
          return []
        }
        return [{ hostname, port }]
      }),
  )

const schema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  DATABASE_PATH: z.string().min(1).default('data/portal.sqlite'),
  /** The one folder connectors' SQLite files and CA files are read from (docs/decisions/012). */
  CONNECTOR_DIR: z.string().min(1).default('data/connectors'),
  CONNECTOR_ALLOWED_HOSTS: allowedHosts,
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().default('127.0.0.1'),
  /** Defaults to http://localhost:<PORT>. */
  PUBLIC_URL: z.string().url().optional(),
  SMTP_URL: z
    .string()
    .regex(/^smtps?:\/\//, 'must start with smtp:// or smtps://')
    .optional()
    .or(z.literal('').transform(() => undefined)),
  MAIL_FROM: z.string().default('Rights Portal <no-reply@portal.example>'),
  SESSION_SECRET: z.string().min(16, 'must be at least 16 characters').default(DEV_SESSION_SECRET),
  /** Data keys; on a local portal without them, keys are derived from SESSION_SECRET. */
  DATA_KEYS: dataKeys.optional(),
  INDEX_KEY: key.optional(),
  OUTBOX_INTERVAL_MS: z.coerce.number().int().positive().default(2000),
  /** How long in-flight requests may take to finish after SIGTERM. */
  SHUTDOWN_GRACE_MS: z.coerce.number().int().min(0).max(120_000).default(10_000),
  /** How long drawing one answer's documents may take before the render is stopped (decision 013). */
  RENDER_TIME_LIMIT_MS: z.coerce.number().int().min(1).max(600_000).default(120_000),
  /** The built-in SMTP listener for email into the queue (docs/decisions/020): off without a port. */
  INBOUND_SMTP_PORT: z.coerce
    .number()
    .int()
    .min(1)
    .max(65535)
    .optional()
    .or(z.literal('').transform(() => undefined)),
  INBOUND_SMTP_HOST: z.string().min(1).default('127.0.0.1'),
  /** The largest message the listener takes, in bytes, counted as it arrives. */
  INBOUND_MAX_BYTES: z.coerce.number().int().min(10_000).max(50 * 1024 * 1024).default(10 * 1024 * 1024),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
})

type Parsed = z.infer<typeof schema>
export type Env = Omit<Parsed, 'PUBLIC_URL' | 'DATA_KEYS' | 'INDEX_KEY'> & {
  PUBLIC_URL: string
  DATA_KEYS: Array<{ id: string; key: Buffer }>
  INDEX_KEY: Buffer
}

export function parseEnv(source: NodeJS.ProcessEnv): Env {
  const result = schema.safeParse(source)
  if (!result.success) {
    const lines = result.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`)
    throw new Error(`Invalid configuration:\n${lines.join('\n')}`)
  }
  const parsed = result.data
  // A database inside the connectors' folder, with its WAL and its backups beside it, is one slip from being read by one.
  if (isInside(path.resolve(parsed.DATABASE_PATH), path.resolve(parsed.CONNECTOR_DIR))) {
    throw new Error('Invalid configuration:\n  CONNECTOR_DIR: must not contain DATABASE_PATH; give the connectors a folder of their own')
  }
  const publicUrl = (parsed.PUBLIC_URL ?? `http://localhost:${parsed.PORT}`).replace(/\/+$/, '')
  const local = isLocal(publicUrl)
  if (!local) {
    const problems: string[] = []
    if (parsed.SESSION_SECRET === DEV_SESSION_SECRET) problems.push('  SESSION_SECRET: set a secret of your own when PUBLIC_URL is not localhost')
    // Without SMTP, email waits in the outbox, which is shown only on a local portal.
    if (!parsed.SMTP_URL) problems.push('  SMTP_URL: required when PUBLIC_URL is not localhost')
    if (!parsed.DATA_KEYS) problems.push('  DATA_KEYS: required when PUBLIC_URL is not localhost (make a key with: npm run portal -- new-key)')
    if (!parsed.INDEX_KEY) problems.push('  INDEX_KEY: required when PUBLIC_URL is not localhost (make a key with: npm run portal -- new-key)')
    if (problems.length) throw new Error(`Invalid configuration:\n${problems.join('\n')}`)
  }
  // A local portal without keys of its own derives them from its session secret:
  // good enough for trying the portal, never for a public one (refused above).
  const derived = (label: string) => createHash('sha256').update(`${label}:${parsed.SESSION_SECRET}`).digest()
  return {
    ...parsed,
    PUBLIC_URL: publicUrl,
    DATA_KEYS: parsed.DATA_KEYS ?? [{ id: 'local', key: derived('data-key') }],
    INDEX_KEY: parsed.INDEX_KEY ?? derived('index-key'),
  }
}

/**
 * The development mailbox (/<lang>/dev/mailbox) shows the email the portal
 * would have sent: only on a portal that sends no email and serves localhost.
 */
export function devMailboxEnabled(e: Env): boolean {
  return !e.SMTP_URL && isLocal(e.PUBLIC_URL)
}

function isInside(file: string, dir: string): boolean {
  const relative = path.relative(dir, file)
  return relative !== '' && relative !== '..' && !relative.startsWith(`..${path.sep}`) && !path.isAbsolute(relative)
}

export function isLocal(url: string) {
  const host = new URL(url).hostname
  return host === 'localhost' || host === '127.0.0.1' || host === '[::1]'
}

let cached: Env | undefined
export function env(): Env {
  return (cached ??= parseEnv(process.env))
}

/** Tests only: read the environment again (after changing process.env). */
export function resetEnv(): void {
  cached = undefined
}
