import { and, asc, eq } from 'drizzle-orm'
import type { DB } from '#db/client.server'
import { events, organisations, requests } from '#db/schema'
import { SUBJECT_SESSION_IDLE } from '~/domain/requests.server'
import { readPending } from '~/utils/pending.server'
import { readSessionToken, touchSession } from '~/utils/sessions.server'

/** The request this browser may see, through the session its emailed link opened; null otherwise. */
export async function subjectRequest(db: DB, request: Request) {
  const session = touchSession(db, 'subject', await readSessionToken(request, 'subject'), SUBJECT_SESSION_IDLE)
  if (!session?.requestId) return null
  const row = db.select().from(requests).where(eq(requests.id, session.requestId)).get()
  if (!row) return null
  const org = db.select().from(organisations).where(eq(organisations.id, row.orgId)).get()!
  const history = db
    .select({ id: events.id, at: events.at, kind: events.kind, actorKind: events.actorKind, data: events.data })
    .from(events)
    .where(and(eq(events.requestId, row.id), eq(events.visibleToSubject, true)))
    .orderBy(asc(events.id))
    .all()
  return { request: row, org, history }
}

/** The request this browser just sent (remembered for an hour), to offer to send its confirmation again. */
export async function pendingRequest(db: DB, request: Request) {
  const id = await readPending(request)
  return id ? db.select().from(requests).where(eq(requests.id, id)).get() : undefined
}
