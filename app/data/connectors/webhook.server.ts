import { X509Certificate } from 'node:crypto'
import fs from 'node:fs'
import https from 'node:https'
import { z } from 'zod'
import { connectorTokenPrefix, type ConnectorConfig } from '#db/organisation-file'
import { COLLECTED_FILE_TYPES, type CollectedFileType } from '#db/schema'
import { logger } from '~/utils/logger.server'
import { destinationOf, pinnedLookup, type AllowedHost, type Resolve } from './addresses.server'
import { LIMITS, connectorCategory, fail, type Collected, type CollectedCategory, type Failure } from './collected'
import { FILE_LIMITS, readDocumentFile, type CollectedFile } from './documents'
import { resolveConnectorFile, type ConnectorFiles } from './files.server'

// The organisation's own service, asked over HTTPS what it holds about a
// person. What goes out is the person's verified identifiers and a bearer
// token, so the server's certificate is always verified (against a private
// CA when the organisation has one) and a redirect is never followed: the
// request must not end up anywhere the organisation file does not name.
// What comes back is checked as strictly as an uploaded file. The
// organisation file is not trusted to name only what is its own: the token
// variable, the CA file and the address are each checked here again
// (docs/decisions/012).

export type WebhookConnector = Extract<ConnectorConfig, { kind: 'webhook' }>

export type WebhookContext = ConnectorFiles & {
  /** The organisation whose file names the connector: it may read only its own token variables. */
  orgSlug: string
  /** Hosts in a private or local network the operator lets connectors call (CONNECTOR_ALLOWED_HOSTS). */
  allowedHosts: readonly AllowedHost[]
  /** The system's resolver unless a test names the addresses a name resolves to. */
  resolve?: Resolve
  /** Where variables are read from: the process's environment unless a test gives its own. */
  variables?: Readonly<Record<string, string | undefined>>
}

export async function runWebhookConnector(
  config: WebhookConnector,
  q: { reference: string; identifiers: Record<string, string | null> },
  ctx: WebhookContext,
): Promise<Collected> {
  // The organisation file's schema already insists on https; the type does not carry that.
  const url = URL.canParse(config.url) ? new URL(config.url) : null
  if (url?.protocol !== 'https:') return fail('collection:errors.webhook.notHttps', { url: config.url })

  const headers: Record<string, string> = { 'Content-Type': 'application/json', Accept: 'application/json' }
  if (config.tokenEnv) {
    // Checked again here, not only at import: any other variable may hold the portal's own secrets.
    const prefix = connectorTokenPrefix(ctx.orgSlug)
    if (!config.tokenEnv.startsWith(prefix) || config.tokenEnv.length === prefix.length) {
      return fail('collection:errors.webhook.tokenNotAllowed', { variable: config.tokenEnv, prefix })
    }
    // Tokens kept in files often end in a line break, which no header may hold.
    const token = (ctx.variables ?? process.env)[config.tokenEnv]?.trim()
    if (!token || !/^[\x21-\x7e]+$/.test(token)) return fail('collection:errors.webhook.token', { variable: config.tokenEnv })
    headers.Authorization = `Bearer ${token}`
  }

  let ca: string | undefined
  if (config.caFile) {
    const caFailure = fail('collection:errors.webhook.caFile', { file: config.caFile })
    const file = resolveConnectorFile(config.caFile, ctx, caFailure)
    if (!file.ok) return file
    try {
      ca = fs.readFileSync(file.path, 'utf8')
      // Node silently ignores a `ca` without a certificate, and every call would then fail as untrusted.
      new X509Certificate(ca)
    } catch {
      return caFailure
    }
  }

  // The time limit counts from here: a resolver that never answers is stopped like a server that never does.
  const started = performance.now()
  const timedOut = fail('collection:errors.webhook.timeout', { host: url.host, seconds: config.timeoutMs / 1000 })
  let timer: NodeJS.Timeout | undefined
  const destination = await Promise.race([destinationOf(url, ctx), new Promise<'timeout'>((resolve) => (timer = setTimeout(() => resolve('timeout'), config.timeoutMs)))])
  clearTimeout(timer)
  if (destination === 'timeout') return timedOut
  if (!destination.ok) {
    if (destination.reason === 'refused') return fail('collection:errors.webhook.addressNotAllowed', { host: url.host })
    return unreachable(url, 'ENOTFOUND')
  }

  // Only what the person gave: the service need not tell a missing identifier from a blank one.
  const identifiers = Object.fromEntries(Object.entries(q.identifiers).filter(([, value]) => value !== null))
  const body = JSON.stringify({ reference: q.reference, identifiers, categories: config.categories })
  const response = await post(url, body, headers, { ca, lookup: pinnedLookup(destination.addresses) }, Math.max(0, config.timeoutMs - (performance.now() - started)), timedOut)
  if (!response.ok) return response
  return readResponse(url.host, response.body, config.categories)
}

function post(
  url: URL,
  body: string,
  headers: Record<string, string>,
  connection: Pick<https.RequestOptions, 'ca' | 'lookup'>,
  timeoutMs: number,
  timedOut: Failure,
): Promise<{ ok: true; body: Buffer } | Failure> {
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
      // No agent: a fresh connection each time, verified against this connector's CA only, to
      // the checked addresses (lookup), with the URL's name for the certificate and the Host header.
      { method: 'POST', headers: { ...headers, 'Content-Length': String(Buffer.byteLength(body)) }, ...connection, agent: false },
      (response) => {
        const status = response.statusCode ?? 0
        if (status >= 300 && status < 400) return finish(fail('collection:errors.webhook.redirect', { host, status }))
        if (status >= 400) return finish(fail('collection:errors.webhook.httpStatus', { host, status }))
        const tooLarge = fail('collection:errors.webhook.tooLarge', { host, maxMegabytes: LIMITS.responseBytes / 1024 / 1024 })
        if (Number(response.headers['content-length']) > LIMITS.responseBytes) return finish(tooLarge)
        const chunks: Buffer[] = []
        let size = 0
        response.on('data', (chunk: Buffer) => {
          size += chunk.length
          if (size > LIMITS.responseBytes) finish(tooLarge)
          else chunks.push(chunk)
        })
        response.on('end', () => finish({ ok: true, body: Buffer.concat(chunks) }))
        response.on('error', (error) => finish(unreachable(url, codeOf(error))))
      },
    )
    const timer = setTimeout(() => finish(timedOut), timeoutMs)
    request.on('error', (error) => finish(unreachable(url, codeOf(error))))
    request.end(body)
  })
}

function codeOf(error: Error): string {
  return (error as NodeJS.ErrnoException).code ?? error.name
}

/**
 * One message for every way a connection can fail before an answer: a
 * closed port, a server that does not speak TLS, a certificate that does not
 * verify, a name that does not resolve. Told apart, they would let an
 * organisation file map which ports are open where the portal runs. The
 * operator finds the reason in the log.
 */
function unreachable(url: URL, reason: string): Failure {
  logger().warn({ event: 'connector_unreachable', host: url.host, reason }, 'a webhook connector could not reach its service')
  return fail('collection:errors.webhook.unreachable', { host: url.host })
}

const envelopeSchema = z.object({ categories: z.record(z.string(), z.unknown()) }).strict()
const rowsSchema = z.array(z.record(z.string(), z.union([z.string(), z.number(), z.boolean(), z.null()])))
/**
 * A category with documents: its rows, and files as base64 with a name and
 * the type the service says they are, which must be what their bytes are.
 */
const withFilesSchema = z
  .object({
    rows: rowsSchema,
    files: z
      .array(z.object({ name: z.string().min(1).max(1000), type: z.enum(COLLECTED_FILE_TYPES), base64: z.string().regex(/^[A-Za-z0-9+/]*={0,2}$/) }).strict())
      .max(FILE_LIMITS.answerFiles),
  })
  .strict()

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
    const value = envelope.data.categories[category]
    // A list of rows, or an object with its rows and files; anything else is wrong at the category itself.
    if (!Array.isArray(value) && !(typeof value === 'object' && value !== null && 'rows' in value)) return fail('collection:errors.webhook.shape', { host, path: pathOf(['categories', category]) })
    const parsed = Array.isArray(value) ? rowsSchema.safeParse(value) : withFilesSchema.safeParse(value)
    if (!parsed.success) return fail('collection:errors.webhook.shape', { host, path: pathOf(['categories', category, ...(parsed.error.issues[0]?.path ?? [])]) })
    const { rows, files } = Array.isArray(parsed.data) ? { rows: parsed.data, files: [] } : parsed.data
    const result = connectorCategory(category, rows.map((row) => Object.entries(row)))
    if (!result.ok) return result
    const read = readFiles(host, category, files)
    if (!read.ok) return read
    collected.push(read.files.length > 0 ? { ...result.value, files: read.files } : result.value)
  }
  return { ok: true, collected }
}

/** A service's files, checked as an uploaded one is: by their own bytes, whole, within the limits. */
function readFiles(host: string, category: string, files: Array<{ name: string; type: CollectedFileType; base64: string }>): { ok: true; files: CollectedFile[] } | Failure {
  const out: CollectedFile[] = []
  for (const [i, f] of files.entries()) {
    if (f.base64.length % 4 !== 0) return fail('collection:errors.webhook.shape', { host, path: pathOf(['categories', category, 'files', i, 'base64']) })
    const read = readDocumentFile({ name: f.name, bytes: new Uint8Array(Buffer.from(f.base64, 'base64')) })
    if (!read.ok) return read
    if (read.file.contentType !== f.type) return fail('collection:errors.webhook.fileType', { host, filename: read.file.name, declared: f.type, found: read.file.contentType })
    out.push(read.file)
  }
  return { ok: true, files: out }
}

/** JSONPath, such as $.categories.contacts[3].address: what the service's developer will look for. */
function pathOf(path: ReadonlyArray<string | number>): string {
  return '$' + path.map((part) => (typeof part === 'number' ? `[${part}]` : `.${part}`)).join('')
}
