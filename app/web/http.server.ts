import { data } from '@remix-run/node'
import type { Params } from '@remix-run/react'
import { getDb } from '#db/client.server'
import { getOrganisationBySlug } from '~/domain/organisations.server'
import { isLanguage, type Language } from '~/domain/languages'
import { fixedT } from '~/i18n/i18n'
import type { Namespace } from '~/i18n/resources'

export function notFound(): never {
  throw data(null, { status: 404 })
}

/** The same from a resource route (a file, not a page), where only a Response is answered as it is. */
export function fileNotFound(): never {
  throw new Response('Not found', { status: 404, headers: { 'Content-Type': 'text/plain; charset=utf-8' } })
}

/** A file to download (`attachment`) or to show in the browser (`inline`); never kept in a cache, as it holds personal data. */
export function fileResponse(content: Uint8Array | string, file: { contentType: string; filename: string; disposition: 'attachment' | 'inline' }): Response {
  const body = typeof content === 'string' ? new TextEncoder().encode(content) : new Uint8Array(content)
  return new Response(body, {
    headers: {
      'Content-Type': file.contentType,
      'Content-Disposition': `${file.disposition}; filename="${file.filename}"`,
      'Content-Length': String(body.byteLength),
      'Cache-Control': 'no-store',
    },
  })
}

/**
 * A file to download written as it is read: `parts` gives its text piece by
 * piece. The first piece is taken before answering, so that a failure there
 * is an ordinary error response; each later one only when the one before
 * has been handed on, after the event loop has served whoever else is
 * waiting, so a long file neither sits whole in memory nor holds up other
 * requests. A failure after the first piece aborts the download (the
 * connection is cut, never closed as if the file were complete), and the
 * error goes on to the server's error log.
 */
export function streamedFileResponse(parts: Iterator<string, void, undefined>, file: { contentType: string; filename: string; disposition: 'attachment' | 'inline' }): Response {
  const encoder = new TextEncoder()
  const first = parts.next()
  let done = first.done === true
  let pending: Uint8Array | null = first.done ? null : encoder.encode(first.value)
  const body = new ReadableStream<Uint8Array>({
    async pull(controller) {
      if (pending) {
        controller.enqueue(pending)
        pending = null
        return
      }
      if (done) return controller.close()
      await new Promise<void>((resolve) => setImmediate(resolve))
      try {
        const next = parts.next()
        if (next.done) {
          done = true
          controller.close()
        } else controller.enqueue(encoder.encode(next.value))
      } catch (error) {
        done = true
        controller.error(error)
      }
    },
    cancel() {
      done = true
      parts.return?.()
    },
  })
  return new Response(body, {
    headers: {
      'Content-Type': file.contentType,
      'Content-Disposition': `${file.disposition}; filename="${file.filename}"`,
      'Cache-Control': 'no-store',
    },
  })
}

/** The language of a page under /$lang; the $lang layout already turned other prefixes away. */
export function pageLanguage(params: Params): Language {
  const lang = params.lang
  if (!isLanguage(lang)) notFound()
  return lang
}

export function pageT(params: Params, ns: Namespace | Namespace[] = 'common') {
  const lang = pageLanguage(params)
  return { lang, t: fixedT(lang, ns), db: getDb() }
}

export function requireOrganisation(params: Params) {
  const db = getDb()
  const org = params.slug ? getOrganisationBySlug(db, params.slug) : undefined
  if (!org) notFound()
  // A processor's clients are its register (docs/decisions/016), on the portal or not.
  return { org, clients: org.kind === 'processor' ? org.profile.clients : [] }
}

/** A route parameter that must be a positive id; anything else is a wrong address. */
export function idParam(value: string | undefined): number {
  const id = Number(value)
  if (!/^\d{1,12}$/.test(value ?? '') || !Number.isSafeInteger(id) || id <= 0) notFound()
  return id
}
