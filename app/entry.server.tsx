import type { AppLoadContext, EntryContext } from '@remix-run/node'
import { isRouteErrorResponse, RemixServer } from '@remix-run/react'
import { renderToPipeableStream } from 'react-dom/server'
import { NonceProvider } from '~/components/nonce'
import type { RouteHandle } from '~/components/site-chrome'
import { LANGUAGES } from '~/domain/languages'
import { getI18n } from '~/i18n/i18n'
import { createLogLimiter } from '~/utils/log-limit'
import { logger } from '~/utils/logger.server'
import { NONCE_PLACEHOLDER, readHandoff, RenderMemo, withNonce } from '~/web/render-memo.server'

const ABORT_DELAY = 5_000

// Every language is at hand on the server (root.tsx reads the registry).
// The security headers of every response are set in one place: app/server.ts.
for (const lang of LANGUAGES) getI18n(lang)

/** Documents of public pages kept by what they are rendered from (app/web/render-memo.server.ts): a few hundred pages. */
const memo = new RenderMemo(8 * 1024 * 1024)

export default async function handleRequest(
  request: Request,
  responseStatusCode: number,
  responseHeaders: Headers,
  remixContext: EntryContext,
  loadContext: AppLoadContext,
) {
  const nonce = loadContext.cspNonce ?? ''
  const state = await readHandoff(remixContext)
  const key = memoKey(request, responseStatusCode, remixContext, state)
  const kept = key === undefined ? undefined : memo.get(key, nonce)
  if (kept) return documentResponse(kept, responseStatusCode, responseHeaders)
  const rendered = await render(request, remixContext, key === undefined ? nonce : NONCE_PLACEHOLDER)
  const status = rendered.failed ? 500 : responseStatusCode
  const html = key === undefined ? rendered.html : rendered.failed ? withNonce(rendered.html, nonce) : memo.keep(key, rendered.html, nonce)
  return documentResponse(html, status, responseHeaders)
}

/**
 * What a page of a route that opts in is rendered from, as one string: the
 * build, the address and the state it hydrates from. None for anything else
 * (another method, a status but 200, an error), and none in development,
 * where the code changes under the same build.
 */
function memoKey(request: Request, status: number, remixContext: EntryContext, state: Buffer | undefined): string | undefined {
  if (import.meta.env.DEV) return undefined
  const { staticHandlerContext: context, routeModules } = remixContext
  const leaf = context.matches.at(-1)?.route.id
  const handle = leaf ? (routeModules[leaf]?.handle as RouteHandle | undefined) : undefined
  if (!handle?.renderMemo || request.method !== 'GET' || status !== 200 || context.errors || context.actionData || state === undefined) return undefined
  return `${remixContext.manifest.version}\n${request.url}\n${state.toString('latin1')}`
}

function documentResponse(html: Buffer<ArrayBuffer>, status: number, headers: Headers): Response {
  headers.set('Content-Type', 'text/html; charset=utf-8')
  headers.set('Content-Length', String(html.byteLength))
  return new Response(html, { headers, status })
}

/** The page rendered whole; `failed` when a part of it failed after the shell (its status is then 500). */
function render(request: Request, remixContext: EntryContext, nonce: string): Promise<{ html: Buffer<ArrayBuffer>; failed: boolean }> {
  // No page suspends (no <Await>, no lazy component): the whole document is
  // ready as soon as its data is, so it is sent in one piece, with its length,
  // rather than streamed chunk by chunk through three kinds of stream.
  return new Promise((resolve, reject) => {
    let shellRendered = false
    let failed = false
    let timer: NodeJS.Timeout | undefined = undefined
    const { pipe, abort } = renderToPipeableStream(
      <NonceProvider value={nonce}>
        <RemixServer context={remixContext} url={request.url} abortDelay={ABORT_DELAY} nonce={nonce} />
      </NonceProvider>,
      {
        nonce,
        onShellReady() {
          shellRendered = true
        },
        onAllReady() {
          // React writes the document in chunks of at most 2 KB; they are only collected,
          // so a Node stream (a callback and a buffered write for each) is not needed.
          const chunks: Uint8Array[] = []
          pipe({
            write(chunk: Uint8Array) {
              chunks.push(chunk)
              return true
            },
            end() {
              clearTimeout(timer)
              resolve({ html: Buffer.concat(chunks), failed })
            },
            destroy(error: unknown) {
              clearTimeout(timer)
              reject(error)
            },
            on() {
              return this
            },
          } as unknown as NodeJS.WritableStream)
        },
        onShellError(error: unknown) {
          clearTimeout(timer)
          reject(error)
        },
        onError(error: unknown) {
          failed = true
          if (shellRendered) logError(error)
        },
      },
    )
    timer = setTimeout(abort, ABORT_DELAY)
  })
}

/** A path as it may be logged: tokens cut, ids made one, so that the same page is the same line. */
function loggedPath(request: Request): string {
  return new URL(request.url).pathname.replace(/\/[A-Za-z0-9_-]{20,}/g, '/…')
}

/**
 * Errors of loaders, actions and rendering, logged as facts: the error's
 * class and where it was thrown, never its message (a failing query may quote
 * a value) nor anything of the request but its method and route.
 */
function logError(error: unknown, request?: Request) {
  const e = error instanceof Error ? error : new Error(String(error))
  const where = (e.stack ?? '').split('\n').slice(1, 6).map((line) => line.trim())
  logger().error({ error: e.name, where, method: request?.method, path: request ? loggedPath(request) : undefined }, 'request failed')
}

const clientErrors = createLogLimiter()

export function handleError(error: unknown, { request }: { request: Request }) {
  if (request.signal.aborted) return
  // A POST to a page without a form, an address that is no page: the client's
  // mistake, not the portal's, so not an error line for the operator each time.
  if (isRouteErrorResponse(error) && error.status < 500) {
    const path = loggedPath(request)
    const limit = clientErrors(`${error.status} ${request.method} ${path.replace(/\/\d+(?=\/|$)/g, '/:id')}`)
    if (limit.log) logger().info({ status: error.status, method: request.method, path, leftOut: limit.leftOut || undefined }, 'client error')
    return
  }
  logError(error, request)
}
