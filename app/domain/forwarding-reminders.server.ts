import { DateTime } from 'luxon'
import { write, type DB, type Tx } from '#db/client.server'
import type { Forwarding, Organisation } from '#db/schema'
import { forwardingById, forwardingsToRemind, overdueTasks, taskForOrg, updateForwarding, updateTask } from '~/data/forwardings.server'
import { getRequestForOrg } from '~/data/officer-requests.server'
import { getOrganisation } from '~/data/organisations.server'
import { requestById } from '~/data/subject-requests.server'
import { addWorkingDays } from '~/domain/deadlines'
import { recordEvent, SYSTEM } from '~/domain/events'
import { alertProcessor, clientOf, queueControllerEmail } from '~/domain/forwarding.server'
import { now as clockNow } from '~/utils/clock'

// Nothing passed on falls through the cracks (issue 12, docs/decisions/017).
//
// A forwarding that its controller has not acknowledged (nor answered), that
// was handed to the mail server and not refused, and that is still the active
// one, is reminded on the client's `reminderDays` (default 1, 3 and 5),
// counted in working days of the processor's calendar from the day it was
// passed on: reminder n is due once
// working day reminderDays[n-1] after that day has ended (addWorkingDays gives
// the end of that local day). One working day after the last reminder's day,
// at the end of working day last+1, and never in the same round as the last
// reminder, the client's second contact and the processor's officers are told
// once (the escalation). A round that finds several reminders due (the job was
// down) sends only the latest: one email, never a burst.
//
// An assistance task still open after its `dueAt` is escalated once the same
// way: the processor's officers and the client's second contact.
//
// Every step is checked and written in its own immediate transaction against
// the row as it is then, so two rounds (the server's scheduler and the CLI)
// never send anything twice.

export const DEFAULT_REMINDER_DAYS: readonly number[] = [1, 3, 5]
/** Rows read at a time. */
const PAGE = 500

export type ReminderRound = {
  reminded: Array<{ forwardingId: number; requestId: number; reminder: number }>
  escalated: Array<{ forwardingId: number; requestId: number; recipients: number }>
  tasksEscalated: Array<{ taskId: number; requestId: number; recipients: number }>
}

/** When reminder n (1-based) and the escalation of a forwarding are due. */
export function reminderSchedule(forwardedAt: Date, days: readonly number[], org: Pick<Organisation, 'country' | 'timeZone'>) {
  const list = days.length ? days : DEFAULT_REMINDER_DAYS
  return {
    reminders: list.map((d) => addWorkingDays(forwardedAt, d, org)),
    escalation: addWorkingDays(forwardedAt, list[list.length - 1]! + 1, org),
  }
}

/**
 * One round over every processor: reminders, escalations of forwardings, and
 * of overdue tasks. `notBeforeHour` leaves organisations where it is earlier
 * than that local hour for a later round (the scheduler sends in the morning,
 * not at midnight when a working day has just ended).
 */
export function remindAndEscalate(db: DB, opts: { notBeforeHour?: number } = {}): ReminderRound {
  const at = clockNow()
  const round: ReminderRound = { reminded: [], escalated: [], tasksEscalated: [] }
  const orgs = new Map<number, Organisation | undefined>()
  const orgOf = (id: number) => {
    if (!orgs.has(id)) orgs.set(id, getOrganisation(db, id))
    return orgs.get(id)
  }
  const awake = (org: Organisation) => opts.notBeforeHour === undefined || DateTime.fromJSDate(at, { zone: org.timeZone }).hour >= opts.notBeforeHour

  for (let afterId = 0; ; ) {
    const page = forwardingsToRemind(db, { afterId, limit: PAGE })
    for (const candidate of page) {
      const org = orgOf(candidate.orgId)
      if (!org || !awake(org)) continue
      const outcome = write(db, (tx) => stepForwarding(tx, org, candidate.id, at))
      if (outcome?.kind === 'reminded') round.reminded.push({ forwardingId: candidate.id, requestId: candidate.requestId, reminder: outcome.reminder })
      if (outcome?.kind === 'escalated') round.escalated.push({ forwardingId: candidate.id, requestId: candidate.requestId, recipients: outcome.recipients })
    }
    if (page.length < PAGE) break
    afterId = page[page.length - 1]!.id
  }

  // Escalated tasks drop out of the query; a task of an organisation still asleep stays for a later round.
  const sleeping = new Set<number>()
  for (;;) {
    const page = overdueTasks(db, { now: at, limit: PAGE }).filter((task) => !sleeping.has(task.id))
    if (page.length === 0) break
    for (const candidate of page) {
      const org = orgOf(candidate.orgId)
      if (!org || !awake(org)) {
        sleeping.add(candidate.id)
        continue
      }
      const recipients = write(db, (tx) => escalateTask(tx, org, candidate.id, at))
      if (recipients !== null) round.tasksEscalated.push({ taskId: candidate.id, requestId: candidate.requestId, recipients })
      else sleeping.add(candidate.id)
    }
  }
  return round
}

type Step = { kind: 'reminded'; reminder: number } | { kind: 'escalated'; recipients: number } | null

/** The context of the controller's emails about a forwarding: its client, and its own organisation and request on the portal. */
function controllerContext(tx: Tx, org: Organisation, forwarding: Forwarding) {
  const client = clientOf(org, forwarding.clientKey)
  const request = getRequestForOrg(tx, { orgId: org.id, id: forwarding.requestId })
  const controller = forwarding.controllerOrgId ? getOrganisation(tx, forwarding.controllerOrgId) : undefined
  const mirror = forwarding.controllerRequestId ? requestById(tx, forwarding.controllerRequestId) : undefined
  return { client, request, controller, mirror }
}

function stepForwarding(tx: Tx, org: Organisation, forwardingId: number, at: Date): Step {
  // Read again inside the write transaction: another round may have acted since the list was read.
  const f = forwardingById(tx, forwardingId)
  if (!f || !f.active || f.acknowledgedAt || f.answeredAt || f.undeliveredAt || f.escalatedAt) return null
  // Not yet handed to the mail server (SMTP down): a reminder would only queue behind the first email.
  if (!f.sentAt) return null
  const { client, request, controller, mirror } = controllerContext(tx, org, f)
  // A client removed from the register, or a request closed meanwhile: nobody to remind of anything.
  if (!client || !request || request.closed) return null
  const schedule = reminderSchedule(f.forwardedAt, client.reminderDays ?? DEFAULT_REMINDER_DAYS, org)
  const due = schedule.reminders.filter((d) => d.getTime() < at.getTime()).length
  if (due > f.reminders) {
    queueControllerEmail(tx, { org, request, forwarding: f, client, controller, mirror, kind: 'reminder', reminder: due })
    updateForwarding(tx, f.id, { reminders: due })
    recordEvent(tx, { kind: 'forwarding_reminded', orgId: org.id, requestId: request.id, actor: SYSTEM, data: { forwardingId: f.id, reminder: due } })
    return { kind: 'reminded', reminder: due }
  }
  if (f.reminders < schedule.reminders.length || schedule.escalation.getTime() >= at.getTime()) return null
  queueControllerEmail(tx, { org, request, forwarding: f, client, controller, mirror, kind: 'escalation', to: client.escalationEmail })
  const recipients = 1 + alertProcessor(tx, org, request, 'notAcknowledged', client.name)
  updateForwarding(tx, f.id, { escalatedAt: at })
  recordEvent(tx, { kind: 'forwarding_escalated', orgId: org.id, requestId: request.id, actor: SYSTEM, data: { forwardingId: f.id, recipients } })
  return { kind: 'escalated', recipients }
}

/** An open task past its due date: the processor's officers and the client's second contact are told, once. Returns how many emails went, or null. */
function escalateTask(tx: Tx, org: Organisation, taskId: number, at: Date): number | null {
  const task = taskForOrg(tx, { orgId: org.id, id: taskId })
  if (!task || task.doneAt || task.escalatedAt || task.dueAt.getTime() > at.getTime()) return null
  const forwarding = forwardingById(tx, task.forwardingId)
  if (!forwarding) return null
  const { client, request, controller, mirror } = controllerContext(tx, org, forwarding)
  if (!request) return null
  const name = client?.name ?? forwarding.clientKey
  let recipients = alertProcessor(tx, org, request, 'taskOverdue', name)
  if (client) {
    queueControllerEmail(tx, { org, request, forwarding, client, controller, mirror, kind: 'taskOverdue', to: client.escalationEmail })
    recipients++
  }
  updateTask(tx, task.id, { escalatedAt: at })
  recordEvent(tx, { kind: 'task_escalated', orgId: org.id, requestId: request.id, actor: SYSTEM, data: { taskId: task.id, recipients } })
  return recipients
}
