import type { DB } from '#db/client.server'
import type { Organisation, Request } from '#db/schema'
import { sendControllerCode } from '~/domain/controller-link.server'
import { confirmEmail, fileRequest } from '~/domain/requests.server'
import type { RequestType } from '~/vocabulary'
import { HttpClient } from './http'
import { deliverAll, linkIn, tokenOf } from './mail'
import { reloadRequest } from './requests'

// A processor's request passed on to a client without an account
// (havoernens-venner of the demo agency), through the real transitions and
// the real emails, delivered in the test (no SMTP server): for tests that
// need a controller's link and a page opened with its code.

export const CLIENT_EMAIL = 'privacy@havoernens-venner.example'

/** Files a request with the agency naming the client, confirms it and delivers the forwarding email; the link's token is in it. */
export async function forwardedToClient(db: DB, agency: Organisation, o: { name: string; email: string; type?: RequestType }): Promise<{ request: Request; token: string }> {
  const filed = fileRequest(db, {
    org: agency,
    language: 'da',
    type: o.type ?? 'erasure',
    details: o.type === 'access' ? { type: 'access', scope: 'all' } : { type: 'erasure', what: 'Alt om mig', why: 'Jeg er ikke kunde' },
    subject: { name: o.name, email: o.email, identifiers: {} },
    behalf: { about: 'client', clients: ['havoernens-venner'] },
  })
  if (!filed.ok) throw new Error('not filed')
  const confirmation = (await deliverAll(db)).find((m) => m.template === 'confirm-email' && m.requestId === filed.requestId)
  if (!confirmation) throw new Error('no confirmation email')
  const confirmed = confirmEmail(db, tokenOf(linkIn(confirmation, 'http')))
  if (!confirmed.ok) throw new Error('not confirmed')
  const forwarded = (await deliverAll(db)).find((m) => m.template === 'controller-forwarded' && m.requestId === filed.requestId)
  if (!forwarded || forwarded.to_ !== CLIENT_EMAIL) throw new Error('no forwarding email to the client')
  return { request: reloadRequest(db, { id: filed.requestId }), token: tokenOf(linkIn(forwarded, 'http://portal.test/da/controller/')) }
}

/** Opens the link's page with a code emailed for it, in a browser of its own; the browser keeps the controller's session cookie. */
export async function openWithCode(db: DB, appUrl: string, token: string): Promise<HttpClient> {
  const sent = sendControllerCode(db, token)
  if (!sent.ok) throw new Error(`no code: ${sent.reason}`)
  const mail = (await deliverAll(db)).find((m) => m.template === 'controller-code')
  const code = /\b(\d{8})\b/.exec(mail?.text ?? '')?.[1]
  if (!mail || mail.to_ !== CLIENT_EMAIL || !code) throw new Error('no code email to the client')
  const browser = new HttpClient(appUrl)
  const reply = await browser.post(`/da/controller/${token}`, { intent: 'enterCode', code })
  if (reply.status !== 302 || !browser.cookie('__controller')) throw new Error(`code refused: ${reply.status}`)
  return browser
}
