import { z } from 'zod'
import { type DB, type Tx, write } from '#db/client.server'
import type { AssistanceTask, Forwarding, LinkSpec, Organisation, Request } from '#db/schema'
import { acceptCollectedRows, insertCollected } from '~/data/answers.server'
import { forwardingIntoRequest, openTasksWithRequests } from '~/data/assistance.server'
import { forwardingById, revokeControllerLinks, taskForOrg, tasksOfForwarding, tasksOfRequest, updateForwarding, updateTask } from '~/data/forwardings.server'
import { addMessage } from '~/data/messages.server'
import { getRequestForOrg, orgMembers, updateRequest } from '~/data/officer-requests.server'
import { getOrganisation } from '~/data/organisations.server'
import { applyMapping, collectedData, parseUpload, type CollectionError } from '~/domain/collected-data'
import { activeForwardingInto } from '~/domain/controller-queue.server'
import { daysLeft, urgency } from '~/domain/deadlines'
import { contactDetailsOf, suppressPhones } from '~/domain/do-not-contact.server'
import { officerActor, recordEvent, type Actor } from '~/domain/events'
import { requiredText } from '~/domain/fields'
import { alertProcessor, clientOf, instructInTx } from '~/domain/forwarding.server'
import { localize } from '~/domain/languages'
import { queueEmail } from '~/domain/mail.server'
import { begin, close, countOfficerWrite, orgFor, RequestNotFoundError, type Done, type OfficerAct } from '~/domain/requests.server'
import { formatDate, formatDateTime } from '~/i18n/i18n'
import { nowMs } from '~/utils/clock'
import { env } from '~/utils/env.server'
import { INSTRUCTION_KINDS, ROLES, type InstructionKind, type Language, type Outcome } from '~/vocabulary'

// Processor assistance (GDPR Art. 28(3)(e); SCC 2021/915 Clause 8;
// docs/decisions/016, 017), seen from both sides:
// - the controller on the portal works the processor's request in its own
//   queue: acknowledges it, instructs the processor, sends it back as "not our
//   customer", or answers it (the processor's request then closes with the
//   controller's outcome);
// - the processor carries out the instructions as tasks and reports back what
//   it did, as facts.
// The chain of custody lives on the processor's request: every hand-over is an
// event there; the controller's own request records its side as well.

/** Something about a hand-over or a task says no; `code` is a key of officer:assistance.errors. */
export class AssistanceError extends Error {
  constructor(readonly code: 'notForwarded' | 'alreadyAcknowledged' | 'taskDone' | 'noPhone' | 'categoryRequired' | 'unknownCategory' | 'rowsRequired') {
    super(code)
    this.name = 'AssistanceError'
  }
}

function forwardedRequest(tx: Tx, a: OfficerAct): { request: Request; forwarding: Forwarding } {
  const request = getRequestForOrg(tx, { orgId: a.orgId, id: a.requestId })
  if (!request) throw new RequestNotFoundError()
  const forwarding = activeForwardingInto(tx, request)
  if (!forwarding) throw new AssistanceError('notForwarded')
  return { request, forwarding }
}

// ---------------------------------------------------------------------------- the controller's side

/**
 * The controller's officer says the request was seen. Any other work on the
 * request says so as well (begin() acknowledges on the first action), so this
 * is for the officer who wants to tell the processor before doing anything.
 */
export function acknowledgeForwarded(db: DB, a: OfficerAct): Done {
  countOfficerWrite(db, a)
  return write(db, (tx) => {
    const { forwarding } = forwardedRequest(tx, a)
    if (forwarding.acknowledgedAt) throw new AssistanceError('alreadyAcknowledged')
    // begin() acknowledges it, on both requests, as any officer's work on it does.
    const { request, status, at, taken } = begin(tx, a, 'acknowledge')
    return { request: updateRequest(tx, request.id, { status, lastActivityAt: at, updatedAt: at }), taken }
  })
}

export const instructInput = z.object({ kind: z.enum(INSTRUCTION_KINDS, { message: 'officer:assistance.errors.kindRequired' }) })

/** The controller instructs its processor about this request: a task in the processor's queue, due within 5 working days and never after the deadline. */
export function instructProcessor(db: DB, a: OfficerAct & { kind: InstructionKind }): Done & { task: AssistanceTask } {
  const { kind } = instructInput.parse(a)
  countOfficerWrite(db, a)
  return write(db, (tx) => {
    const { forwarding } = forwardedRequest(tx, a)
    const { request, org, status, at, taken } = begin(tx, a, 'instruct')
    const task = instructInTx(tx, forwarding, kind, officerActor(a.officerId))
    recordEvent(tx, { kind: 'instructed', orgId: org.id, requestId: request.id, actor: officerActor(a.officerId), data: { taskId: task.id, kind, dueAt: task.dueAt.toISOString() } })
    return { request: updateRequest(tx, request.id, { status, lastActivityAt: at, updatedAt: at }), taken, task }
  })
}

export const sendBackInput = z.object({ reason: requiredText('officer:assistance.errors.reasonRequired', 2000) })

/**
 * "Not our customer": the processor's request goes back to its routing queue
 * (needs routing, no client), its deadline running on unchanged (EDPB 07/2020
 * §§128–129), and its officers are alerted. The controller's own copy closes
 * as withdrawn: nobody answers it here, and the person is not written to (the
 * processor's request is still theirs, and open). The reason is an internal
 * note on both.
 */
export function sendBack(db: DB, a: OfficerAct & { reason: string }): Done {
  const { reason } = sendBackInput.parse(a)
  countOfficerWrite(db, a)
  return write(db, (tx) => {
    const { forwarding } = forwardedRequest(tx, a)
    const { request, org, at, taken } = begin(tx, a, 'sendBack')
    const actor = officerActor(a.officerId)
    updateForwarding(tx, forwarding.id, { active: false, returnedAt: at })
    revokeControllerLinks(tx, forwarding.id)
    const processor = orgFor(tx, forwarding.orgId)
    const theirs = getRequestForOrg(tx, { orgId: processor.id, id: forwarding.requestId })!
    const theirNote = addMessage(tx, { orgId: processor.id, requestId: theirs.id, authorKind: 'controller', audience: 'internal', purpose: 'note', body: reason })
    updateRequest(tx, theirs.id, { routing: 'needs_routing', clientKey: null, onBehalfOfOrgId: null, lastActivityAt: at, updatedAt: at })
    recordEvent(tx, { kind: 'sent_back', orgId: processor.id, requestId: theirs.id, actor, data: { forwardingId: forwarding.id, messageId: theirNote.id } })
    const ourNote = addMessage(tx, { orgId: org.id, requestId: request.id, authorKind: 'officer', authorUserId: a.officerId, audience: 'internal', purpose: 'note', body: reason })
    const closed = close(tx, request, org, 'withdrawn', 'withdrawn', actor)
    recordEvent(tx, { kind: 'sent_back', orgId: org.id, requestId: request.id, actor, data: { forwardingId: forwarding.id, messageId: ourNote.id } })
    alertProcessor(tx, processor, theirs, 'sentBack', clientOf(processor, forwarding.clientKey)?.name ?? org.name)
    return { request: closed, taken }
  })
}

/**
 * The controller answered its own request through the portal's answer
 * pipeline (sendAnswer, in its transaction): the hand-over is answered, the
 * processor's request records it and closes with the controller's outcome,
 * without a second email to the person, who heard from the controller.
 */
export function controllerAnsweredInTx(tx: Tx, request: Request, outcome: Outcome, actor: Actor): void {
  const forwarding = activeForwardingInto(tx, request)
  if (!forwarding) return
  const at = new Date(nowMs())
  updateForwarding(tx, forwarding.id, { answeredAt: at, acknowledgedAt: forwarding.acknowledgedAt ?? at })
  recordEvent(tx, { kind: 'controller_answered', orgId: forwarding.orgId, requestId: forwarding.requestId, actor, data: { forwardingId: forwarding.id, outcome } })
  const processor = orgFor(tx, forwarding.orgId)
  const theirs = getRequestForOrg(tx, { orgId: processor.id, id: forwarding.requestId })
  // Completed for the processor: its part is done; the outcome is the controller's.
  if (theirs && !theirs.closed) close(tx, theirs, processor, 'completed', outcome, actor)
}

// ---------------------------------------------------------------------------- the processor's tasks

export type TaskInput =
  | { kind: 'export'; filename: string; bytes: Uint8Array; category?: string }
  | { kind: 'erase'; categories: string[] }
  | { kind: 'stop_calling'; otherNumbers: string[] }
  | { kind: 'nothing_held'; held: boolean; rows?: number }

export type TaskResult = { categories?: string[]; rows?: number; phones?: number; held?: boolean }

type TaskContext = { task: AssistanceTask; request: Request; org: Organisation; forwarding: Forwarding; controller?: Organisation; mirror?: Request }

function taskContext(db: DB | Tx, a: { orgId: number; requestId: number; taskId: number }): TaskContext {
  const task = taskForOrg(db, { orgId: a.orgId, id: a.taskId })
  if (!task || task.requestId !== a.requestId) throw new RequestNotFoundError()
  const request = getRequestForOrg(db, { orgId: a.orgId, id: a.requestId })
  const org = getOrganisation(db, a.orgId)
  const forwarding = forwardingById(db, task.forwardingId)
  if (!request || !org || !forwarding) throw new RequestNotFoundError()
  const controller = forwarding.controllerOrgId ? getOrganisation(db, forwarding.controllerOrgId) : undefined
  const mirror = controller && forwarding.controllerRequestId ? getRequestForOrg(db, { orgId: controller.id, id: forwarding.controllerRequestId }) : undefined
  return { task, request, org, forwarding, controller, mirror: mirror ?? undefined }
}

/** Where an export goes: the controller's own request on the portal, or the processor's, which the controller answers through its link. */
function exportTarget(c: TaskContext): { org: Organisation; request: Request } {
  return c.controller && c.mirror ? { org: c.controller, request: c.mirror } : { org: c.org, request: c.request }
}

/** Every phone number the request gives, where the do-not-contact list reads them (the phone field, the number that called, phone-type identifiers). */
function phonesOf(request: Request, org: Organisation): string[] {
  return contactDetailsOf(request, org).flatMap((d) => (d.channel === 'phone' ? [d.value] : []))
}

/**
 * The processor's officer carries out a task and reports it: an export
 * arrives as collected data on the controller's request (for its officers to accept
 * on the portal; accepted at once for a client without an account, which answers from it);
 * an erasure is confirmed per category of the processor's register; "stop
 * calling" lists the person's numbers on the processor's do-not-contact list
 * as keyed hashes; "we hold nothing" is confirmed, or the rows held reported.
 * The controller is told by email, and on the portal by an event on its own
 * request. A task can be done while the request waits for the controller, or
 * after it answered: only the controller answers the person.
 */
export function completeTask(db: DB, a: OfficerAct & { taskId: number }, input: TaskInput): { ok: true; result: TaskResult } | { ok: false; error: CollectionError } {
  countOfficerWrite(db, a)
  return write(db, (tx) => {
    const c = taskContext(tx, a)
    if (c.task.doneAt) throw new AssistanceError('taskDone')
    if (input.kind !== c.task.kind) throw new RequestNotFoundError()
    const actor = officerActor(a.officerId)
    const at = new Date(nowMs())
    let result: TaskResult
    switch (input.kind) {
      case 'export': {
        const target = exportTarget(c)
        const categories = target.org.profile.register.dataCategories.map((x) => x.key)
        const parsed = parseUpload({ filename: input.filename, bytes: input.bytes, categories })
        if (!parsed.ok) return parsed
        let preview = parsed.preview
        if (preview.shape === 'list') {
          if (!input.category) return { ok: false, error: { key: 'collection:errors.categoryRequired' } }
          const mapped = applyMapping(preview, { category: input.category })
          if (!mapped.ok) return mapped
          preview = mapped.preview
        }
        const tables = collectedData(preview)
        const ids: number[] = []
        for (const table of tables) {
          const row = insertCollected(tx, { orgId: target.org.id, requestId: target.request.id, category: table.category, source: 'upload', rows: table.rows, createdBy: a.officerId })
          recordEvent(tx, { kind: 'data_collected', orgId: target.org.id, requestId: target.request.id, actor, data: { collectedId: row.id, category: table.category, source: 'upload', rows: table.rows.length } })
          ids.push(row.id)
        }
        // A client without an account reviews nothing on its page: what the agency exports for it is what its answer is made of,
        // so its letter never says "no data" while the agency sent some. A client on the portal accepts it on its own collect page.
        if (target.org.id === c.org.id) acceptCollectedRows(tx, { orgId: target.org.id, requestId: target.request.id, ids })
        result = { categories: [...new Set(tables.map((x) => x.category))], rows: tables.reduce((n, x) => n + x.rows.length, 0) }
        break
      }
      case 'erase': {
        const known = new Set(c.org.profile.register.dataCategories.map((x) => x.key))
        const categories = [...new Set(input.categories)]
        if (categories.length === 0) throw new AssistanceError('categoryRequired')
        if (categories.some((x) => !known.has(x))) throw new AssistanceError('unknownCategory')
        result = { categories }
        break
      }
      case 'stop_calling': {
        const phones = suppressPhones(tx, { org: c.org, requestId: c.request.id, phones: [...phonesOf(c.request, c.org), ...input.otherNumbers], actor })
        if (phones === 0) throw new AssistanceError('noPhone')
        result = { phones }
        break
      }
      case 'nothing_held': {
        if (input.held && !(input.rows && input.rows > 0)) throw new AssistanceError('rowsRequired')
        result = { held: input.held, rows: input.held ? input.rows : 0 }
        break
      }
    }
    const task = updateTask(tx, c.task.id, { doneAt: at, doneBy: a.officerId, result })
    const facts = {
      taskId: task.id,
      kind: task.kind,
      ...(result.categories ? { categories: result.categories } : {}),
      ...(result.rows !== undefined ? { rows: result.rows } : {}),
      ...(task.kind === 'stop_calling' ? { channels: ['phone' as const] } : {}),
    }
    recordEvent(tx, { kind: 'task_done', orgId: c.org.id, requestId: c.request.id, actor, data: facts })
    if (c.controller && c.mirror) recordEvent(tx, { kind: 'task_done', orgId: c.controller.id, requestId: c.mirror.id, actor, data: facts })
    updateRequest(tx, c.request.id, { lastActivityAt: at, updatedAt: at })
    reportTask(tx, c, task, result)
    return { ok: true as const, result }
  })
}

/** The report to the controller's privacy contact, in its language: what was done, with a link to its queue or to its secure page. */
function reportTask(tx: Tx, c: TaskContext, task: AssistanceTask, result: TaskResult): void {
  const client = clientOf(c.org, c.forwarding.clientKey)
  const lang: Language = client?.language ?? c.controller?.profile.languages[0] ?? c.org.profile.languages[0] ?? 'en'
  const onPortal = !!(c.controller && c.mirror)
  const register = (task.kind === 'export' ? exportTarget(c).org : c.org).profile.register
  const links: LinkSpec[] = onPortal ? [] : [{ name: 'link', purpose: 'controller_access', forwardingId: c.forwarding.id, ttlMs: 0, path: `/${lang}/controller/{token}` }]
  queueEmail(tx, {
    to: client?.privacyEmail ?? c.forwarding.recipient,
    language: lang,
    template: 'task-done',
    orgId: c.org.id,
    requestId: c.request.id,
    params: {
      processorName: c.org.name,
      controllerName: client?.name ?? c.controller?.name ?? c.forwarding.clientKey,
      reference: c.request.reference,
      controllerReference: c.mirror?.reference ?? null,
      kind: task.kind,
      categories: (result.categories ?? []).map((key) => localize(register.dataCategories.find((x) => x.key === key)?.name, lang) || key),
      rows: result.rows ?? 0,
      phones: result.phones ?? 0,
      held: result.held ?? false,
      doneAt: task.doneAt!.toISOString(),
      dueAt: task.dueAt.toISOString(),
      timeZone: (c.controller ?? c.org).timeZone,
      ...(onPortal ? { queueLink: `${env().PUBLIC_URL}/${lang}/officer/requests/${c.mirror!.id}` } : {}),
    },
    links,
  })
}

// ---------------------------------------------------------------------------- what the pages show

type Fmt = { date: (d: Date) => string; dateTime: (d: Date) => string }

/** A task's result as locale keys of officer:assistance.result, with category names in the officer's language. */
function resultLines(task: AssistanceTask, register: Organisation['profile']['register'], lang: Language): Array<{ key: string; values?: Record<string, string | number> }> {
  const r = (task.result ?? {}) as TaskResult
  const names = (r.categories ?? []).map((key) => localize(register.dataCategories.find((x) => x.key === key)?.name, lang) || key).join(', ')
  if (!task.doneAt) return []
  switch (task.kind) {
    case 'export':
      return [{ key: 'assistance.result.export', values: { count: r.rows ?? 0, categories: names } }]
    case 'erase':
      return [{ key: 'assistance.result.erase', values: { categories: names } }]
    case 'stop_calling':
      return [{ key: 'assistance.result.stopCalling', values: { count: r.phones ?? 0 } }]
    case 'nothing_held':
      return [r.held ? { key: 'assistance.result.held', values: { count: r.rows ?? 0 } } : { key: 'assistance.result.nothingHeld' }]
  }
}

function taskRow(task: AssistanceTask, q: { org: Organisation; registerOf: (t: AssistanceTask) => Organisation['profile']['register']; lang: Language; now: Date; fmt: Fmt; names: Map<number, string> }) {
  const left = daysLeft(task.dueAt, q.now, q.org.timeZone)
  return {
    id: task.id,
    kind: task.kind,
    given: q.fmt.dateTime(task.createdAt),
    due: q.fmt.date(task.dueAt),
    daysLeft: left,
    urgency: urgency(left),
    done: task.doneAt ? q.fmt.dateTime(task.doneAt) : null,
    doneBy: task.doneBy ? (q.names.get(task.doneBy) ?? null) : null,
    result: resultLines(task, q.registerOf(task), q.lang),
  }
}

/**
 * What the request page shows of a hand-over: on a controller's request made
 * from a processor's, who forwarded it, both instants and the lag, and the
 * tasks it gave; on a processor's request, the tasks its clients gave it.
 */
export function assistanceView(db: DB, q: { org: Organisation; request: Request; lang: Language; now: Date }) {
  const { org, request, lang, now } = q
  const fmt: Fmt = { date: (d) => formatDate(d, lang, org.timeZone), dateTime: (d) => formatDateTime(d, lang, org.timeZone) }
  const names = new Map(orgMembers(db, org.id, ROLES).map((m) => [m.id, m.name]))
  const incoming = request.forwardedFromRequestId !== null ? forwardingIntoRequest(db, { orgId: org.id, requestId: request.id }) : undefined
  const processor = incoming ? getOrganisation(db, incoming.orgId) : undefined
  const forwardedBy =
    incoming && processor
      ? {
          processorName: processor.name,
          receivedAt: fmt.dateTime(request.receivedAt),
          forwardedAt: fmt.dateTime(incoming.forwardedAt),
          lagHours: Math.max(0, Math.round((incoming.forwardedAt.getTime() - request.receivedAt.getTime()) / 3_600_000)),
          acknowledgedAt: incoming.acknowledgedAt ? fmt.dateTime(incoming.acknowledgedAt) : null,
          returnedAt: incoming.returnedAt ? fmt.dateTime(incoming.returnedAt) : null,
          // The controller's instructions and what the processor reported; its officers' names are not the controller's to see.
          tasks: tasksOfForwarding(db, incoming.id).map((t) => taskRow(t, { org, registerOf: (x) => (x.kind === 'export' ? org : processor).profile.register, lang, now, fmt, names: new Map() })),
        }
      : null
  const tasks = tasksOfRequest(db, { orgId: org.id, requestId: request.id }).map((t) => {
    const f = forwardingById(db, t.forwardingId)
    const controller = f?.controllerOrgId ? getOrganisation(db, f.controllerOrgId) : undefined
    // An export's categories are the register's of the request it went to.
    const registerOf = (x: AssistanceTask) => (x.kind === 'export' && controller ? controller : org).profile.register
    return { ...taskRow(t, { org, registerOf, lang, now, fmt, names }), givenBy: f ? (clientOf(org, f.clientKey)?.name ?? f.clientKey) : '' }
  })
  return { forwardedBy, tasks }
}

/** The processor's open tasks for its queue page: how many, how many overdue, and each with its request. */
export function openTasksView(db: DB, q: { org: Organisation; lang: Language; now: Date }) {
  const rows = openTasksWithRequests(db, { orgId: q.org.id }).map((t) => {
    const left = daysLeft(t.dueAt, q.now, q.org.timeZone)
    return {
      id: t.id,
      kind: t.kind,
      requestId: t.requestId,
      reference: t.reference,
      client: clientOf(q.org, t.clientKey)?.name ?? t.clientKey,
      due: formatDate(t.dueAt, q.lang, q.org.timeZone, 'medium'),
      daysLeft: left,
      urgency: urgency(left),
    }
  })
  return { count: rows.length, overdue: rows.filter((r) => r.daysLeft < 0).length, rows }
}

/** The task page: the task, its request and client, and what its form offers. */
export function taskPageView(db: DB, q: { org: Organisation; requestId: number; taskId: number; lang: Language; now: Date }) {
  const c = taskContext(db, { orgId: q.org.id, requestId: q.requestId, taskId: q.taskId })
  const fmt: Fmt = { date: (d) => formatDate(d, q.lang, q.org.timeZone), dateTime: (d) => formatDateTime(d, q.lang, q.org.timeZone) }
  const names = new Map(orgMembers(db, q.org.id, ROLES).map((m) => [m.id, m.name]))
  const target = exportTarget(c)
  const categoriesOf = (o: Organisation) => o.profile.register.dataCategories.map((x) => ({ key: x.key, name: localize(x.name, q.lang) || x.key }))
  return {
    reference: c.request.reference,
    requestId: c.request.id,
    client: clientOf(c.org, c.forwarding.clientKey)?.name ?? c.forwarding.clientKey,
    onPortal: !!(c.controller && c.mirror),
    task: taskRow(c.task, { org: q.org, registerOf: (x) => (x.kind === 'export' ? target.org : c.org).profile.register, lang: q.lang, now: q.now, fmt, names }),
    /** An export is read against the register of the request it goes to. */
    exportCategories: categoriesOf(target.org),
    eraseCategories: categoriesOf(c.org),
    phones: phonesOf(c.request, c.org),
  }
}
