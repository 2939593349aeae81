import { z } from 'zod'
import { type DB, write } from '#db/client.server'
import type { Request } from '#db/schema'
import { insertRequest, updateRequest } from '~/data/officer-requests.server'
import { getOrganisationBySlug } from '~/data/organisations.server'
import { uniqueReference } from '~/data/subject-requests.server'
import { officerActor, recordEvent } from '~/domain/events'
import { clientOf, forwardInTx } from '~/domain/forwarding.server'
import { ActionRefusedError, begin, countOfficerWrite, type Done, type OfficerAct } from '~/domain/requests.server'
import { nowMs } from '~/utils/clock'
import { randomToken } from '~/utils/tokens.server'

// Routing a processor's request whose client nobody knew ("I don't know", or
// sent back by a client as not its customer): the processor's officer names
// the client(s), and each is passed on at once (docs/decisions/017). Naming
// several makes one linked request per client, like filing does; every one
// keeps the receipt and the deadline the request already had.

export const routeInput = z.object({ clients: z.array(z.string().min(1).max(80)).min(1, 'officer:errors.clientRequired').max(20) })

export function routeRequest(db: DB, a: OfficerAct & z.input<typeof routeInput>): Done & { requests: Request[] } {
  const { clients } = routeInput.parse(a)
  countOfficerWrite(db, a)
  return write(db, (tx) => {
    const { request, org, at, taken } = begin(tx, a, 'route')
    if (request.routing !== 'needs_routing') throw new ActionRefusedError('routingNotNeeded')
    const keys = [...new Set(clients)]
    const named = keys.map((key) => clientOf(org, key))
    if (named.some((c) => !c)) throw new ActionRefusedError('clientUnknown')
    const groupId = keys.length > 1 ? (request.groupId ?? randomToken()) : request.groupId
    const routed: Request[] = []
    named.forEach((client, i) => {
      const onPortal = client!.organisation ? getOrganisationBySlug(tx, client!.organisation) : undefined
      const set = { routing: 'client' as const, clientKey: client!.key, onBehalfOfOrgId: onPortal?.id ?? null, groupId, lastActivityAt: at, updatedAt: at }
      if (i === 0) {
        routed.push(updateRequest(tx, request.id, set))
        return
      }
      // Another controller named: a request of its own, received when this one was, with the same deadline.
      const { id: _id, reference: _reference, createdAt: _created, draftKey: _draft, ...copy } = request
      const linked = insertRequest(tx, { ...copy, ...set, reference: uniqueReference(tx), draftKey: null, createdAt: at })
      recordEvent(tx, { kind: 'request_filed', orgId: org.id, requestId: linked.id, actor: officerActor(a.officerId), data: { channel: linked.channel, routing: 'client', clientKey: client!.key, linked: keys.length } })
      routed.push(linked)
    })
    recordEvent(tx, { kind: 'routed', orgId: org.id, requestId: request.id, actor: officerActor(a.officerId), data: { clientKeys: keys, requestIds: routed.map((r) => r.id) } })
    for (const r of routed) forwardInTx(tx, r, org, officerActor(a.officerId), { tellPerson: true })
    return { request: routed[0]!, taken, requests: routed }
  })
}

