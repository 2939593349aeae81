import { randomBytes } from 'node:crypto'
import type { EntryContext } from '@remix-run/node'

// Rendered documents kept by what they were rendered from (decision 031).
// A document is a pure function of its address, its status and the state
// Remix sends to the browser (every route's loader data, action data and
// errors, as the turbo-stream it hydrates from), plus the CSP nonce. The
// nonce is rendered as a placeholder and put in when the document is sent,
// so a kept document serves every request whose address and state are the
// same, byte for byte, without rendering it again. Only public pages that
// hold no personal data opt in (RouteHandle.renderMemo), and the memo is a
// bounded least-recently-used map.

/** A placeholder for the nonce, random per process, so no page content can contain it. */
export const NONCE_PLACEHOLDER = randomBytes(18).toString('base64url')
const placeholderBytes = Buffer.from(NONCE_PLACEHOLDER)

export class RenderMemo {
  private readonly kept = new Map<string, { parts: Buffer<ArrayBuffer>[]; bytes: number }>()
  private bytes = 0

  constructor(private readonly maxBytes: number) {}

  /** The document kept for `key` with `nonce` in place of the placeholder, or undefined. */
  get(key: string, nonce: string): Buffer<ArrayBuffer> | undefined {
    const entry = this.kept.get(key)
    if (!entry) return undefined
    // Most recently used last: the map's order is the eviction order.
    this.kept.delete(key)
    this.kept.set(key, entry)
    return fill(entry.parts, nonce)
  }

  /** Keeps `html` (rendered with NONCE_PLACEHOLDER as its nonce) for `key`, and returns it with `nonce` in place. */
  keep(key: string, html: Buffer<ArrayBuffer>, nonce: string): Buffer<ArrayBuffer> {
    const parts = split(html)
    const bytes = html.byteLength + key.length * 2
    if (bytes <= this.maxBytes) {
      const old = this.kept.get(key)
      if (old) {
        this.kept.delete(key)
        this.bytes -= old.bytes
      }
      this.kept.set(key, { parts, bytes })
      this.bytes += bytes
      for (const [oldest, entry] of this.kept) {
        if (this.bytes <= this.maxBytes) break
        this.kept.delete(oldest)
        this.bytes -= entry.bytes
      }
    }
    return fill(parts, nonce)
  }

  get size(): number {
    return this.kept.size
  }
}

/** `html`, rendered with NONCE_PLACEHOLDER as its nonce, with `nonce` in its place. */
export function withNonce(html: Buffer<ArrayBuffer>, nonce: string): Buffer<ArrayBuffer> {
  return fill(split(html), nonce)
}

function split(html: Buffer<ArrayBuffer>): Buffer<ArrayBuffer>[] {
  const parts: Buffer<ArrayBuffer>[] = []
  let from = 0
  for (let at = html.indexOf(placeholderBytes); at !== -1; at = html.indexOf(placeholderBytes, from)) {
    parts.push(html.subarray(from, at))
    from = at + placeholderBytes.length
  }
  parts.push(html.subarray(from))
  return parts
}

function fill(parts: Buffer<ArrayBuffer>[], nonce: string): Buffer<ArrayBuffer> {
  if (parts.length === 1) return parts[0]!
  const value = Buffer.from(nonce)
  const list: Buffer<ArrayBuffer>[] = []
  parts.forEach((part, i) => {
    if (i > 0) list.push(value)
    list.push(part)
  })
  return Buffer.concat(list)
}

type StreamCache = NonNullable<NonNullable<EntryContext['renderMeta']>['streamCache']>

/**
 * Reads the whole state stream Remix hands to the renderer, returns its bytes
 * (the memo's key is made of them), and gives it to the render as already read: Remix's
 * StreamTransfer otherwise suspends the render once per chunk and once for the
 * stream's end, and each suspension waits a turn of the event loop behind every
 * other request (about 40 ms a page under the journeys' load). The render writes
 * the same scripts from it (decision 031).
 */
export async function readHandoff(context: EntryContext): Promise<Buffer | undefined> {
  const stream = context.serverHandoffStream
  if (!stream) return undefined
  const chunks: Uint8Array[] = []
  const reader = stream.getReader()
  for (let read = await reader.read(); !read.done; read = await reader.read()) chunks.push(read.value)
  const bytes = Buffer.concat(chunks)
  const read = (result: { done: boolean; value: string }) => Object.assign(Promise.resolve(), { result })
  const streamCache: StreamCache = { 0: read({ done: false, value: bytes.toString('utf8') }), 1: read({ done: true, value: '' }) }
  context.renderMeta = { ...context.renderMeta, streamCache }
  // RemixServer takes a reader of it; everything it would read is in the cache.
  context.serverHandoffStream = new ReadableStream<Uint8Array>({ start: (controller) => controller.close() })
  return bytes
}
