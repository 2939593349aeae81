import { write, type DB } from '#db/client.server'
import { updateRequest } from '~/data/officer-requests.server'
import { unlistRequest } from '~/domain/do-not-contact.server'
import { officerActor } from '~/domain/events'
import { ActionRefusedError, begin, countOfficerWrite, type Done, type OfficerAct } from '~/domain/requests.server'

// The officer's removal from the do-not-contact list, when the person
// withdraws their objection to direct marketing: the entries the request's
// contact details are stored under go, on any request, open or closed (kept
// apart from do-not-contact.server.ts, which the request transitions use).

export function removeRequestFromList(db: DB, a: OfficerAct): Done {
  countOfficerWrite(db, a)
  return write(db, (tx) => {
    const { request, org, at } = begin(tx, a, 'note', { take: false })
    if (unlistRequest(tx, request, org, officerActor(a.officerId)) === 0) throw new ActionRefusedError('nothingListed')
    return { request: updateRequest(tx, request.id, { lastActivityAt: at }), taken: false }
  })
}
