import { X509Certificate } from 'node:crypto'
import fs from 'node:fs'
import https from 'node:https'
import path from 'node:path'
import { z } from 'zod'
import type { ConnectorConfig } from '#db/organisation-file'
import { LIMITS, connectorCategory, fail, type Collected, type CollectedCategory, type Failure } from './collected'

// The organisation's own service, asked over HTTPS what it holds about a
// person. What goes out is the person's verified identifiers and a bearer
// token, so the server's certificate is always verified (against a private
// CA when the organisation has one) and a redirect is never followed: the
// request must not end up anywhere the organisation file does not name.
// What comes back is checked as strictly as an uploaded file.

export type WebhookConnector = Extract<ConnectorConfig, { kind: 'webhook' }>

export async function runWebhookConnector(
  config: WebhookConnector,
  q: { reference: string; identifiers: Record<string, string | null> },
  opts: { baseDir?: string } = {},
): Promise<Collected> {
  // The organisation file's schema already insists on https; the type does not carry that.
  const url = URL.canParse(config.url) ? new URL(config.url) : null
  if (url?.protocol !== 'https:') return fail('collection:errors.webhook.notHttps', { url: config.url })

  const headers: Record<string, string> = { 'Content-Type': 'application/json', Accept: 'application/json' }
  if (config.tokenEnv) {
    // Tokens kept in files often end in a line break, which no header may hold.
    const token = process.env[config.tokenEnv]?.trim()
    if (!token || !/^[\x21-\x7e]+$/.test(token)) return fail('collection:errors.webhook.token', { variable: config.tokenEnv })
    headers.Authorization = `Bearer ${token}`
  }

  let ca: string | undefined
  if (config.caFile) {
    const file = path.resolve(opts.baseDir ?? process.cwd(), config.caFile)
    try {
      ca = fs.readFileSync(file, 'utf8')
      // Node silently ignores a `ca` without a certificate, and every call would then fail as untrusted.
      new X509Certificate(ca)
    } catch {
      return fail('collection:errors.webhook.caFile', { file })
    }
  }

  // Only what the person gave: the service need not tell a missing identifier from a blank one.
  const identifiers = Object.fromEntries(Object.entries(q.identifiers).filter(([, value]) => value !== null))
  const body = JSON.stringify({ reference: q.reference, identifiers, categories: config.categories })
  const response = await post(url, body, headers, ca, config.timeoutMs)
  if (!response.ok) return response
  return readResponse(url.host, response.body, config.categories)
}

function post(url: URL, body: string, headers: Record<string, string>, ca: string | undefined, timeoutMs: number): Promise<{ ok: true; body: Buffer } | Failure> {
  return new Promise((resolve) => {
    const host = url.host
    let settled = false
    const finish = (result: { ok: true; body: Buffer } | Failure) => {
      if (settled) return
      settled = true
      clearTimeout(timer)
      resolve(result)
      // After the answer is decided, nothing more is wanted from the server.
      request.destroy()
    }
    const request = https.request(
      url,
      // No agent: a fresh connection each time, verified against this connector's CA only.
      { method: 'POST', headers: { ...headers, 'Content-Length': String(Buffer.byteLength(body)) }, ca, agent: false },
      (response) => {
        const status = response.statusCode ?? 0
        if (status >= 300 && status < 400) return finish(fail('collection:errors.webhook.redirect', { host, status }))
        if (status >= 400) return finish(fail('collection:errors.webhook.httpStatus', { host, status }))
        const tooLarge = fail('collection:errors.webhook.tooLarge', { host, maxMegabytes: LIMITS.bytes / 1024 / 1024 })
        if (Number(response.headers['content-length']) > LIMITS.bytes) return finish(tooLarge)
        const chunks: Buffer[] = []
        let size = 0
        response.on('data', (chunk: Buffer) => {
          size += chunk.length
          if (size > LIMITS.bytes) finish(tooLarge)
          else chunks.push(chunk)
        })
        response.on('end', () => finish({ ok: true, body: Buffer.concat(chunks) }))
        response.on('error', (error) => finish(networkFailure(url, error)))
      },
    )
    const timer = setTimeout(() => finish(fail('collection:errors.webhook.timeout', { host, seconds: timeoutMs / 1000 })), timeoutMs)
    request.on('error', (error) => finish(networkFailure(url, error)))
    request.end(body)
  })
}

// OpenSSL's verification codes (UNABLE_TO_VERIFY_LEAF_SIGNATURE, CERT_HAS_EXPIRED, …) and Node's TLS and SSL errors.
const TLS_ERROR = /^ERR_(TLS|SSL)_|CERT|SIGNATURE|^EPROTO$/

function networkFailure(url: URL, error: Error): Failure {
  const reason = (error as NodeJS.ErrnoException).code ?? error.message
  if (TLS_ERROR.test(reason)) return fail('collection:errors.webhook.tls', { host: url.host, reason })
  return fail('collection:errors.webhook.unreachable', { host: url.host, reason })
}

const envelopeSchema = z.object({ categories: z.record(z.string(), z.unknown()) }).strict()
const rowsSchema = z.array(z.record(z.string(), z.union([z.string(), z.number(), z.boolean(), z.null()])))

function readResponse(host: string, body: Buffer, requested: string[]): Collected {
  let data: unknown
  try {
    data = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(body))
  } catch {
    return fail('collection:errors.webhook.badJson', { host })
  }
  const envelope = envelopeSchema.safeParse(data)
  if (!envelope.success) {
    const extra = envelope.error.issues.flatMap((issue) => (issue.code === 'unrecognized_keys' ? issue.keys : []))
    if (extra.length > 0) return fail('collection:errors.webhook.unknownKeys', { host, keys: extra.join(', ') })
    return fail('collection:errors.webhook.shape', { host, path: pathOf(envelope.error.issues[0]?.path ?? []) })
  }
  const received = Object.keys(envelope.data.categories)
  // A category the organisation file does not name would be attached without the officer having asked for it.
  const unexpected = received.filter((key) => !requested.includes(key))
  if (unexpected.length > 0) return fail('collection:errors.webhook.unexpectedCategories', { host, categories: unexpected.join(', ') })
  // A missing category must not read as "nothing held": the service says so with an empty list.
  const missing = requested.filter((key) => !received.includes(key))
  if (missing.length > 0) return fail('collection:errors.webhook.missingCategories', { host, categories: missing.join(', ') })

  const collected: CollectedCategory[] = []
  for (const category of requested) {
    const rows = rowsSchema.safeParse(envelope.data.categories[category])
    if (!rows.success) return fail('collection:errors.webhook.shape', { host, path: pathOf(['categories', category, ...(rows.error.issues[0]?.path ?? [])]) })
    const result = connectorCategory(category, rows.data.map((row) => Object.entries(row)))
    if (!result.ok) return result
    collected.push(result.value)
  }
  return { ok: true, collected }
}

/** JSONPath, such as $.categories.contacts[3].address: what the service's developer will look for. */
function pathOf(path: ReadonlyArray<string | number>): string {
  return '$' + path.map((part) => (typeof part === 'number' ? `[${part}]` : `.${part}`)).join('')
}
