import { z } from 'zod'
import type { DB } from '#db/client.server'
import type { Organisation, ReplyTemplate, Request, User } from '#db/schema'
import { getRequestForOrg } from '~/data/officer-requests.server'
import { extensionProblem, pauseFor } from '~/domain/clock-rules'
import { optionalText } from '~/domain/fields'
import { canTake, type LifecycleAction } from '~/domain/lifecycle'
import { activeOfficers } from '~/domain/notifications.server'
import { can, type Permission } from '~/domain/permissions'
import {
  addNote,
  askForInformation,
  askInput,
  assignInput,
  assignRequest,
  CONTROLLER_ONLY,
  extendInput,
  extendRequest,
  informationReceived,
  messageInput,
  noteInput,
  overrideIdentity,
  overrideInput,
  receivedInput,
  RequestNotFoundError,
  sendMessage,
  verifyIdentity,
  verifyInput,
  withdrawInput,
  withdrawRequest,
  closeUnconfirmed,
  type Done,
} from '~/domain/requests.server'
import { fillTemplate, templatesFor } from '~/domain/templates.server'
import { answerChoices, draftAnswer, groundLabel, keepCollected, keepCollectedInput, prepareAnswer, sendAnswer, type AnswerDraftInput } from '~/domain/answers.server'
import { collectedSizes } from '~/data/answers.server'
import { groundsFor, needsGrounds, needsIdentity, type ChangingRight } from '~/domain/grounds'
import { localize } from '~/domain/languages'
import { carryingRule, holdRule } from '~/domain/retention'
import { fixedT, formatDate } from '~/i18n/i18n'
import { findDuplicates, mergedHere, mergePreview, mergeRequests, undoMerge } from '~/domain/duplicates.server'
import { isForController } from '~/domain/processor-clients'
import { routeInput, routeRequest } from '~/domain/routing.server'
import { linkedForwarding, revokeControllerLinksOf } from '~/domain/controller-link.server'
import { acknowledgeForwarded, instructInput, instructProcessor, sendBack, sendBackInput } from '~/domain/assistance.server'
import { activeForwardingInto } from '~/domain/controller-queue.server'
import { listedSources, sourceLabel } from '~/domain/do-not-contact.server'
import { removeRequestFromList } from '~/domain/unlist.server'
import { canLift, canRestrictWhileAssessed, LIFT_NOTICE_DAYS, liftInput, liftRestriction, restrictionOf, restrictWhileAssessed } from '~/domain/restriction.server'
import { ACTION_IDS, type ActionFormSpec, type Tone, type ActionId, type FieldSpec, type OfferedAction, type Text } from '~/domain/action-types'
import { ANSWER_OUTCOMES, ASK_TOPICS, CATEGORY_ACTIONS, INSTRUCTION_KINDS, type AnswerOutcome, type CategoryAction, type Language } from '~/vocabulary'

// The officer's action catalogue. Each action is defined once: the lifecycle
// action it takes, who may take it, when it is offered, the fields its form
// shows and the schema its form is read with, and the transition it performs.
// The request page lists availableActions() and renders any one of them with
// one form component (app/components/action-form.tsx); rules such as "an
// extension only within the first month" live here and in the transitions,
// never in a route.

export { ACTION_IDS, type ActionId, type FieldSpec, type Text } from '~/domain/action-types'

export type ActionContext = {
  org: Organisation
  request: Request
  officer: Pick<User, 'id' | 'role'>
  now: Date
  db: DB
  /** The officer's page language, for the organisation's own texts in the form. */
  lang: Language
}

type Availability = { ok: true } | { ok: false; reason: string }
const OK: Availability = { ok: true }

type ActionDef = {
  lifecycle: LifecycleAction
  permission: Permission
  /** How the page shows its submit button. */
  tone: Tone
  /** Beyond the lifecycle table: a rule that says no, with the reason shown beside the action. */
  available?: (ctx: ActionContext) => Availability
  /** Whether the action belongs on this request at all; when not, it is not listed (and a forged post is refused). */
  offered?: (ctx: ActionContext) => boolean
  fields: (ctx: ActionContext) => FieldSpec[]
  /** Starting values of the form beyond a template's text. */
  values?: (ctx: ActionContext) => Record<string, string | string[]>
  /** Reads the submitted form; messages are locale keys. */
  schema: (ctx: ActionContext) => z.ZodTypeAny
  perform: (db: DB, ctx: ActionContext, value: never) => Done | Promise<Done>
  /** The action whose form opens once this one is done (the answer's preview after preparing it). */
  next?: ActionId
  /** An action with a page of its own, beside the request page. */
  page?: string
}

// Labels are keys of locales/*/officer.json.
const k = (key: string, values?: Record<string, string | number>): Text => ({ key, values })
const act = (ctx: ActionContext) => ({ orgId: ctx.org.id, requestId: ctx.request.id, officerId: ctx.officer.id })

function define<S extends z.ZodTypeAny>(d: Omit<ActionDef, 'schema' | 'perform'> & { schema: (ctx: ActionContext) => S; perform: (db: DB, ctx: ActionContext, value: z.output<S>) => Done | Promise<Done> }): ActionDef {
  return d as ActionDef
}

function identityGate(ctx: ActionContext): Availability {
  return ctx.request.identityVerifiedAt || ctx.request.identityOverriddenAt ? OK : { ok: false, reason: 'identityNotVerified' }
}

export const ACTIONS: Record<ActionId, ActionDef> = {
  verify: define({
    lifecycle: 'verifyIdentity',
    permission: 'requests.work',
    tone: 'primary',
    available: (ctx) => (ctx.request.identityVerifiedAt ? { ok: false, reason: 'identityAlreadyVerified' } : OK),
    fields: (ctx) => [
      {
        kind: 'radios',
        name: 'method',
        legend: k('actions.verify.legend'),
        hint: k('actions.verify.hint'),
        choices: ctx.org.profile.identityMethods.map((m) => ({ value: m, label: k(`identityMethod.${m}`) })),
      },
    ],
    schema: (ctx) => verifyInput.refine((v) => ctx.org.profile.identityMethods.includes(v.method), { path: ['method'], message: 'officer:errors.methodRequired' }),
    perform: (db, ctx, v) => verifyIdentity(db, { ...act(ctx), method: v.method }),
  }),

  ask: define({
    lifecycle: 'askForInformation',
    permission: 'requests.work',
    tone: 'primary',
    fields: (ctx) => [
      {
        kind: 'radios',
        name: 'topic',
        legend: k('actions.ask.topicLegend'),
        choices: ASK_TOPICS.map((topic) => {
          const decision = pauseFor(ctx.request, ctx.org, topic, ctx.now)
          return { value: topic, label: k(`actions.ask.topic.${topic}`), hint: k(decision.pause ? 'actions.ask.pauses' : `actions.ask.noPause.${decision.why}`) }
        }),
      },
      { kind: 'textarea', name: 'message', label: k('actions.ask.message'), hint: k('actions.ask.messageHint'), templates: true },
    ],
    schema: () => askInput,
    perform: (db, ctx, v) => askForInformation(db, { ...act(ctx), ...v }),
  }),

  message: define({
    lifecycle: 'message',
    permission: 'requests.work',
    tone: 'secondary',
    fields: () => [{ kind: 'textarea', name: 'message', label: k('actions.message.message'), hint: k('actions.ask.messageHint'), templates: true }],
    schema: () => messageInput,
    perform: (db, ctx, v) => sendMessage(db, { ...act(ctx), ...v }),
  }),

  received: define({
    lifecycle: 'informationReceived',
    permission: 'requests.work',
    tone: 'primary',
    fields: (ctx) => [
      { kind: 'notice', text: k(ctx.request.pausedAt ? 'actions.received.resumes' : 'actions.received.hint') },
      { kind: 'textarea', name: 'note', label: k('actions.received.note'), hint: k('actions.received.noteHint'), optional: true, rows: 3 },
    ],
    schema: () => receivedInput,
    perform: (db, ctx, v) => informationReceived(db, { ...act(ctx), ...v }),
  }),

  extend: define({
    lifecycle: 'extend',
    permission: 'requests.work',
    tone: 'secondary',
    available: (ctx) => {
      const problem = extensionProblem(ctx.request, ctx.org, ctx.now)
      return problem ? { ok: false, reason: problem } : OK
    },
    fields: () => [
      {
        kind: 'radios',
        name: 'months',
        legend: k('actions.extend.legend'),
        hint: k('actions.extend.hint'),
        choices: [1, 2].map((n) => ({ value: String(n), label: k('actions.extend.months', { count: n }) })),
      },
      { kind: 'textarea', name: 'reason', label: k('actions.extend.reason'), hint: k('actions.extend.reasonHint'), templates: true },
    ],
    schema: () => extendInput,
    perform: (db, ctx, v) => extendRequest(db, { ...act(ctx), ...v }),
  }),

  collect: define({
    lifecycle: 'collectData',
    permission: 'requests.work',
    tone: 'secondary',
    page: 'collect',
    available: identityGate,
    fields: () => [],
    schema: () => z.object({}),
    perform: () => {
      throw new ActionUnavailableError('ownPage')
    },
  }),

  answer: define({
    lifecycle: 'prepareAnswer',
    permission: 'requests.work',
    tone: 'primary',
    next: 'send',
    fields: answerFields,
    values: answerValues,
    schema: answerSchema,
    perform: (db, ctx, v) => prepareAnswer(db, { ...act(ctx), ...v }),
  }),

  send: define({
    lifecycle: 'answer',
    permission: 'requests.work',
    tone: 'primary',
    available: (ctx) => {
      const draft = draftAnswer(ctx.db, { orgId: ctx.org.id, requestId: ctx.request.id })
      if (!draft) return { ok: false, reason: 'noAnswerPrepared' }
      return needsIdentity(draft.outcome, ctx.request) ? identityGate(ctx) : OK
    },
    fields: sendFields,
    schema: () => z.object({}),
    perform: (db, ctx) => sendAnswer(db, act(ctx)),
  }),

  override: define({
    lifecycle: 'overrideIdentity',
    permission: 'requests.work',
    tone: 'warning',
    available: (ctx) => (ctx.request.identityVerifiedAt || ctx.request.identityOverriddenAt ? { ok: false, reason: 'identityAlreadyVerified' } : OK),
    fields: () => [
      { kind: 'notice', text: k('actions.override.warning') },
      { kind: 'textarea', name: 'reason', label: k('actions.override.reason'), hint: k('actions.override.reasonHint'), rows: 4 },
    ],
    schema: () => overrideInput,
    perform: (db, ctx, v) => overrideIdentity(db, { ...act(ctx), ...v }),
  }),

  // A processor's request whose client is not known yet: name the client(s); each is passed on at once (docs/decisions/017).
  route: define({
    lifecycle: 'route',
    permission: 'requests.work',
    tone: 'primary',
    offered: (ctx) => ctx.request.routing === 'needs_routing',
    available: (ctx) => (ctx.org.profile.clients.length ? OK : { ok: false, reason: 'noClients' }),
    fields: (ctx) => [
      { kind: 'notice', text: k('actions.route.deadline') },
      {
        kind: 'checkboxes',
        name: 'clients',
        legend: k('actions.route.legend'),
        hint: k('actions.route.hint'),
        choices: ctx.org.profile.clients.map((c) => ({ value: c.key, label: { text: c.name }, hint: k(c.organisation ? 'actions.route.onPortal' : 'actions.route.byEmail') })),
      },
    ],
    schema: (ctx) =>
      z.object({ clients: list.pipe(routeInput.shape.clients) }).refine((v) => v.clients.every((key) => ctx.org.profile.clients.some((c) => c.key === key)), { path: ['clients'], message: 'officer:errors.clientUnknown' }),
    perform: (db, ctx, v) => routeRequest(db, { ...act(ctx), clients: v.clients }),
  }),

  assign: define({
    lifecycle: 'assign',
    permission: 'requests.assign',
    tone: 'secondary',
    fields: (ctx) => [
      {
        kind: 'select',
        name: 'assignee',
        label: k('actions.assign.label'),
        choices: [
          { value: '', label: k('queue.nobody') },
          ...activeOfficers(ctx.db, ctx.org.id).map((o) => ({ value: String(o.id), label: { text: o.name } })),
        ],
      },
    ],
    schema: () => z.object({ assignee: z.string().optional().transform((v) => (v ? Number(v) : null)).pipe(assignInput.shape.assigneeId) }),
    perform: (db, ctx, v) => assignRequest(db, { ...act(ctx), assigneeId: v.assignee }),
  }),

  note: define({
    lifecycle: 'note',
    permission: 'requests.work',
    tone: 'secondary',
    fields: () => [{ kind: 'textarea', name: 'body', label: k('actions.note.body'), hint: k('actions.note.hint'), rows: 4 }],
    schema: () => noteInput,
    perform: (db, ctx, v) => addNote(db, { ...act(ctx), ...v }),
  }),

  withdraw: define({
    lifecycle: 'withdraw',
    permission: 'requests.work',
    tone: 'secondary',
    fields: () => [{ kind: 'textarea', name: 'note', label: k('actions.withdraw.note'), hint: k('actions.withdraw.noteHint'), optional: true, rows: 3 }],
    schema: () => withdrawInput,
    perform: (db, ctx, v) => withdrawRequest(db, { ...act(ctx), ...v }),
  }),

  // An address never confirmed: the request is closed as "not confirmed", not as withdrawn by the person (issue 13).
  notConfirmed: define({
    lifecycle: 'closeUnconfirmed',
    permission: 'requests.work',
    tone: 'secondary',
    fields: () => [
      { kind: 'notice', text: k('actions.notConfirmed.notice') },
      { kind: 'textarea', name: 'note', label: k('actions.notConfirmed.note'), hint: k('actions.notConfirmed.noteHint'), optional: true, rows: 3 },
    ],
    schema: () => withdrawInput,
    perform: (db, ctx, v) => closeUnconfirmed(db, { ...act(ctx), ...v }),
  }),

  // Collected data goes once the answer is sent (docs/decisions/025), unless kept here for a stated reason.
  keepCollected: define({
    lifecycle: 'note',
    permission: 'requests.work',
    tone: 'secondary',
    offered: (ctx) => !ctx.request.collectedKeptAt && !ctx.request.purgedAt && collectedSizes(ctx.db, { orgId: ctx.org.id, requestId: ctx.request.id }).length > 0,
    fields: () => [
      { kind: 'notice', text: k('actions.keepCollected.notice') },
      { kind: 'textarea', name: 'reason', label: k('actions.keepCollected.reason'), hint: k('actions.keepCollected.hint'), rows: 3 },
    ],
    schema: () => keepCollectedInput,
    perform: (db, ctx, v) => keepCollected(db, { ...act(ctx), ...v }),
  }),

  // A processor's request passed on to a client without an account: its secure links stop working (docs/decisions/017).
  revokeLink: define({
    lifecycle: 'note',
    permission: 'requests.work',
    tone: 'warning',
    offered: (ctx) => isForController(ctx.request) && !!linkedForwarding(ctx.db, { orgId: ctx.org.id, requestId: ctx.request.id }),
    fields: () => [{ kind: 'notice', text: k('controllerLink.revoke.notice') }],
    schema: () => z.object({}),
    perform: (db, ctx) => revokeControllerLinksOf(db, act(ctx)),
  }),
  // The person withdraws their objection to direct marketing: the request's contact details come off the do-not-contact list (Art. 21(3)).
  unlist: define({
    lifecycle: 'note',
    permission: 'requests.work',
    tone: 'warning',
    offered: (ctx) => listedSources(ctx.db, ctx.request, ctx.org).length > 0,
    fields: (ctx) => [
      {
        kind: 'notice',
        text: k('doNotContact.removeNotice', { sources: listedSources(ctx.db, ctx.request, ctx.org).map((s) => sourceLabel(s, ctx.org, ctx.lang, 'officer')).join(', ') }),
      },
      { kind: 'checkboxes', name: 'confirm', legend: k('doNotContact.confirmLegend'), choices: [{ value: 'withdrawn', label: k('doNotContact.confirmWithdrawn') }] },
    ],
    schema: () => z.object({ confirm: list.pipe(z.array(z.enum(['withdrawn'], { message: 'officer:doNotContact.confirmRequired' })).min(1, 'officer:doNotContact.confirmRequired')) }),
    perform: (db, ctx) => removeRequestFromList(db, act(ctx)),
  }),

  // ---------------------------------------------------------------- a request a processor forwarded to this controller (app/domain/assistance.server.ts)
  acknowledge: define({
    lifecycle: 'acknowledge',
    permission: 'requests.work',
    tone: 'primary',
    available: (ctx) => {
      const forwarding = forwardedInto(ctx)
      return !forwarding ? { ok: false, reason: 'notForwarded' } : forwarding.acknowledgedAt ? { ok: false, reason: 'alreadyAcknowledged' } : OK
    },
    fields: () => [{ kind: 'notice', text: k('assistance.acknowledgeNotice') }],
    schema: () => z.object({}),
    perform: (db, ctx) => acknowledgeForwarded(db, act(ctx)),
  }),

  instruct: define({
    lifecycle: 'instruct',
    permission: 'requests.work',
    tone: 'secondary',
    available: (ctx) => (forwardedInto(ctx) ? OK : { ok: false, reason: 'notForwarded' }),
    fields: () => [
      {
        kind: 'radios',
        name: 'kind',
        legend: k('assistance.instructLegend'),
        hint: k('assistance.instructHint'),
        choices: INSTRUCTION_KINDS.map((kind) => ({ value: kind, label: k(`assistance.kind.${kind}`), hint: k(`assistance.kindHint.${kind}`) })),
      },
    ],
    schema: () => instructInput,
    perform: (db, ctx, v) => instructProcessor(db, { ...act(ctx), kind: v.kind }),
  }),

  sendBack: define({
    lifecycle: 'sendBack',
    permission: 'requests.work',
    tone: 'warning',
    available: (ctx) => (forwardedInto(ctx) ? OK : { ok: false, reason: 'notForwarded' }),
    fields: () => [
      { kind: 'notice', text: k('assistance.sendBackNotice') },
      { kind: 'textarea', name: 'reason', label: k('assistance.sendBackReason'), hint: k('assistance.sendBackReasonHint'), rows: 3 },
    ],
    schema: () => sendBackInput,
    perform: (db, ctx, v) => sendBack(db, { ...act(ctx), reason: v.reason }),
  }),

  // ---------------------------------------------------------------- restriction of processing (Art. 18, app/domain/restriction.server.ts)
  // A restriction granted by a closed request is lifted only after the person is told (Art. 18(3)).
  liftRestriction: define({
    lifecycle: 'note',
    permission: 'requests.work',
    tone: 'warning',
    offered: (ctx) => canLift(ctx.request) && !restrictionOf(ctx.db, ctx.request).liftsAt,
    fields: () => [
      { kind: 'notice', text: k('actions.liftRestriction.notice') },
      {
        kind: 'radios',
        name: 'days',
        legend: k('actions.liftRestriction.daysLegend'),
        hint: k('actions.liftRestriction.daysHint'),
        choices: LIFT_NOTICE_DAYS.map((days) => ({ value: String(days), label: k('actions.liftRestriction.days', { count: days }) })),
      },
    ],
    schema: () => liftInput,
    perform: (db, ctx, v) => liftRestriction(db, { ...act(ctx), ...v }),
  }),

  // An objection on the person's particular situation: their data restricted while it is assessed (Art. 18(1)(d)).
  restrictWhileAssessed: define({
    lifecycle: 'note',
    permission: 'requests.work',
    tone: 'secondary',
    offered: (ctx) => canRestrictWhileAssessed(ctx.request) && !restrictionOf(ctx.db, ctx.request).whileAssessed,
    fields: () => [{ kind: 'notice', text: k('actions.restrictWhileAssessed.notice') }],
    schema: () => z.object({}),
    perform: (db, ctx) => restrictWhileAssessed(db, act(ctx)),
  }),
  // ---------------------------------------------------------------- duplicates (app/domain/duplicates.server.ts, docs/decisions/023)
  // Offered only while another open request of the same person matches; the better verified one goes on.
  merge: define({
    lifecycle: 'merge',
    permission: 'requests.work',
    tone: 'warning',
    offered: (ctx) => findDuplicates(ctx.db, ctx.request).length > 0,
    fields: (ctx) => [
      { kind: 'notice', text: k('actions.merge.notice') },
      {
        kind: 'radios',
        name: 'other',
        legend: k('actions.merge.legend'),
        choices: findDuplicates(ctx.db, ctx.request).map((d) => {
          const plan = mergePreview(ctx.db, ctx.request, ctx.org, d.request)
          const keeps = plan.survivor.id === ctx.request.id ? 'this' : 'other'
          const due = plan.dueAt ? formatDate(plan.dueAt, ctx.lang, ctx.org.timeZone) : ''
          return {
            value: String(d.request.id),
            label: { text: d.request.reference },
            hint: plan.problem ? k(`errors.${plan.problem}`) : k(`actions.merge.keeps.${keeps}${due ? '' : 'Unconfirmed'}`, { reference: plan.survivor.reference, date: due }),
          }
        }),
      },
    ],
    schema: (ctx) => z.object({ other: choiceOf(findDuplicates(ctx.db, ctx.request).map((d) => d.request.id), 'officer:errors.mergeChoiceRequired') }),
    perform: (db, ctx, v) => mergeRequests(db, { ...act(ctx), otherId: v.other }),
  }),

  unmerge: define({
    lifecycle: 'unmerge',
    permission: 'requests.work',
    tone: 'warning',
    offered: (ctx) => mergedHere(ctx.db, ctx.request).length > 0,
    fields: (ctx) => [
      { kind: 'notice', text: k('actions.unmerge.notice') },
      { kind: 'radios', name: 'absorbed', legend: k('actions.unmerge.legend'), choices: mergedHere(ctx.db, ctx.request).map((r) => ({ value: String(r.id), label: { text: r.reference } })) },
    ],
    schema: (ctx) => z.object({ absorbed: choiceOf(mergedHere(ctx.db, ctx.request).map((r) => r.id), 'officer:errors.unmergeChoiceRequired') }),
    perform: (db, ctx, v) => undoMerge(db, { ...act(ctx), absorbedId: v.absorbed }),
  }),
}

/** One of these request ids, posted as a string. */
function choiceOf(ids: number[], message: string) {
  return z
    .string({ message })
    .refine((v) => ids.map(String).includes(v), { message })
    .transform(Number)
}

/** The active hand-over a controller's own request was made from; the forwarded-request actions are offered only on such a request. */
function forwardedInto(ctx: ActionContext) {
  return ctx.request.forwardedFromRequestId === null ? undefined : activeForwardingInto(ctx.db, ctx.request)
}

/** A rule for every action: on a request a processor holds for a client, only the client answers, refuses or extends (docs/decisions/016). */
function ruleFor(ctx: ActionContext, def: ActionDef): Availability {
  if (def.offered && !def.offered(ctx)) return { ok: false, reason: 'notAllowed' }
  if (isForController(ctx.request) && CONTROLLER_ONLY.includes(def.lifecycle)) return { ok: false, reason: 'controllerAnswers' }
  return def.available?.(ctx) ?? OK
}

const HIDDEN_REASONS = ['identityAlreadyVerified', 'notForwarded', 'alreadyAcknowledged']

export function isActionId(value: unknown): value is ActionId {
  return typeof value === 'string' && (ACTION_IDS as readonly string[]).includes(value)
}

/**
 * The actions this officer can take on this request now, in the order the
 * page lists them, and those the lifecycle allows but a rule blocks (with the
 * reason, so the officer knows why). Actions the lifecycle does not allow, or
 * the officer's role does not, are left out.
 */
export function availableActions(ctx: ActionContext): OfferedAction[] {
  const offered: OfferedAction[] = []
  for (const id of ACTION_IDS) {
    const def = ACTIONS[id]
    if (!can(ctx.officer, def.permission) || !canTake(def.lifecycle, ctx.request.status, 'officer') || (def.offered && !def.offered(ctx))) continue
    const availability = ruleFor(ctx, def)
    if (availability.ok) offered.push({ id, available: true, ...(def.page ? { page: def.page } : {}) })
    // An identity already verified, or a request no processor forwarded (or one already acknowledged), is not a reason to show anything.
    else if (!HIDDEN_REASONS.includes(availability.reason)) offered.push({ id, available: false, reason: availability.reason })
  }
  return offered
}

/** The request and what the page needs to render one action's form. */
export function loadActionContext(db: DB, q: { org: Organisation; officer: Pick<User, 'id' | 'role'>; requestId: number; now: Date; lang: Language }): ActionContext {
  const request = getRequestForOrg(db, { orgId: q.org.id, id: q.requestId })
  if (!request) throw new RequestNotFoundError()
  return { org: q.org, request, officer: q.officer, now: q.now, db, lang: q.lang }
}

/** One action's form: its fields, its starting values (the current assignee, a chosen template's text filled in). */
export function actionForm(ctx: ActionContext, id: ActionId, opts: { templateId?: number; formatDate: (d: Date) => string }): ActionFormSpec {
  const def = ACTIONS[id]
  const fields = def.fields(ctx)
  const values: Record<string, string | string[]> = { ...def.values?.(ctx) }
  if (id === 'assign' && ctx.request.assigneeId) values.assignee = String(ctx.request.assigneeId)
  const templates = templatesOf(ctx, fields)
  if (opts.templateId !== undefined) Object.assign(values, insertTemplate(ctx, id, { templateId: opts.templateId, typed: '', formatDate: opts.formatDate }))
  return { id, tone: def.tone, fields, values, templates: templates.map((t) => ({ id: t.id, title: t.title })) }
}

function templatesOf(ctx: ActionContext, fields: FieldSpec[]): ReplyTemplate[] {
  return fields.some((f) => f.kind === 'textarea' && f.templates) ? templatesFor(ctx.db, { orgId: ctx.org.id, language: ctx.request.language }) : []
}

/**
 * A chosen template's text, filled in for this request, added after what the
 * officer has typed already (never in its place): the action's text field and
 * the template's id, or nothing when the action takes no template or the id
 * is not one of the organisation's templates in the request's language.
 */
export function insertTemplate(ctx: ActionContext, id: ActionId, q: { templateId: number; typed: string; formatDate: (d: Date) => string }): Record<string, string> {
  const fields = ACTIONS[id].fields(ctx)
  const field = fields.find((f) => f.kind === 'textarea' && f.templates)
  const chosen = templatesOf(ctx, fields).find((t) => t.id === q.templateId)
  if (!chosen || !field || field.kind !== 'textarea') return {}
  const filled = fillTemplate(chosen.bodies[ctx.request.language] ?? '', { name: ctx.request.subjectName, reference: ctx.request.reference, deadline: q.formatDate(ctx.request.dueAt) })
  const typed = q.typed.trimEnd()
  return { [field.name]: typed ? `${typed}\n\n${filled}` : filled, templateId: String(chosen.id) }
}

/** The text field a template goes into, for the route to read what the officer typed there. */
export function templateField(ctx: ActionContext, id: ActionId): string | undefined {
  const field = ACTIONS[id].fields(ctx).find((f) => f.kind === 'textarea' && f.templates)
  return field && 'name' in field ? field.name : undefined
}

export class ActionUnavailableError extends Error {
  constructor(readonly reason: string) {
    super(reason)
    this.name = 'ActionUnavailableError'
  }
}

/** The schema an action's form is read with. */
export function actionSchema(ctx: ActionContext, id: ActionId): z.ZodTypeAny {
  return ACTIONS[id].schema(ctx)
}

/**
 * Performs a submitted action, already read with actionSchema. The officer's
 * permission and the action's rule are checked again here; the transition
 * checks the lifecycle (and its own rules) in its transaction.
 */
export function performAction(db: DB, ctx: ActionContext, id: ActionId, value: unknown): Promise<Done> {
  const def = ACTIONS[id]
  if (!can(ctx.officer, def.permission)) throw new ActionUnavailableError('notPermitted')
  const availability = ruleFor(ctx, def)
  if (!availability.ok) throw new ActionUnavailableError(availability.reason)
  return Promise.resolve(def.perform(db, ctx, value as never))
}

/** The form an action's success opens next, if any. */
export function nextAction(id: ActionId): ActionId | undefined {
  return ACTIONS[id].next
}

/**
 * What follows an action just taken (`ctx` loaded after it): the next action's
 * form when the officer can take it now, or why it is blocked, so the
 * confirmation never says "then send it" while sending is not possible.
 */
export function nextStep(ctx: ActionContext, id: ActionId): { next: ActionId } | { blocked: string } | null {
  const next = ACTIONS[id].next
  if (!next) return null
  const offered = availableActions(ctx).find((a) => a.id === next)
  if (offered?.available) return { next }
  return { blocked: offered ? offered.reason : 'notAllowed' }
}

// ---------------------------------------------------------------------------- the answer's form

/**
 * What keeping a category under its legal hold means, record by record
 * (docs/decisions/018): its period from each record's date or financial
 * year's end, or its criterion, and the section it rests on.
 */
function holdHint(org: Organisation, category: string, lang: Language): Text {
  const carrier = carryingRule(org.profile, category)
  if (carrier) {
    const holder = localize(org.profile.register.dataCategories.find((c) => c.key === carrier.category)?.name, lang) || carrier.category
    return k('holds.carriedHint', { holder, section: localize(carrier.section, lang) })
  }
  const rule = holdRule(org.profile, category)
  if (!rule) return k('answer.holdHint')
  const section = localize(rule.section, lang)
  if (rule.criterion) return k('holds.criterionHint', { criterion: localize(rule.criterion, lang), section })
  const match = /^P(\d+)([DWMY])$/.exec(rule.period)!
  const period = fixedT(lang, ['documents'])(`period.${match[2]}`, { count: Number(match[1]) })
  return k(rule.start === 'financialYearEnd' ? 'holds.fromYearEndHint' : 'holds.fromRecordHint', { period, section })
}

const DEFAULT_ACTION = { erasure: 'erased', restriction: 'restricted', objection: 'stopped', rectification: 'unchanged' } as const satisfies Record<ChangingRight, CategoryAction>

function answerFields(ctx: ActionContext): FieldSpec[] {
  const { org, request, lang } = ctx
  const choices = answerChoices(request, org, ctx.db)
  const register = org.profile.register
  const fields: FieldSpec[] = [
    {
      kind: 'radios',
      name: 'outcome',
      legend: k('answer.outcomeLegend'),
      choices: choices.outcomes.map((o) => ({ value: o, label: k(`answer.outcome.${o}`), hint: k(`answer.outcomeHint.${o}`) })),
    },
  ]
  if (choices.grounds.length > 0) {
    fields.push({
      kind: 'checkboxes',
      name: 'grounds',
      legend: k('answer.groundsLegend'),
      hint: k('answer.groundsHint'),
      choices: choices.grounds.map((g) => ({ value: g.key, label: { text: `${groundLabel(g, org, lang)} (${g.article})` } })),
    })
  } else if (request.type === 'objection') {
    fields.push({ kind: 'notice', text: k('answer.directMarketingAbsolute') })
  }
  fields.push({ kind: 'textarea', name: 'reasons', label: k('answer.reasons'), hint: k('answer.reasonsHint'), optional: true, rows: 6, templates: true })
  for (const category of choices.categories) {
    const name = localize(register.dataCategories.find((c) => c.key === category)?.name, lang) || category
    fields.push({
      kind: 'select',
      name: `decision.${category}`,
      label: k('answer.decisionLabel', { category: name }),
      hint: choices.holds.has(category) ? holdHint(org, category, lang) : undefined,
      choices: choices.categoryActions.map((a) => ({ value: a, label: k(`answer.categoryAction.${a}`) })),
    })
    if (request.type === 'rectification') {
      fields.push({ kind: 'textarea', name: `corrections.${category}`, label: k('answer.correctionsLabel', { category: name }), hint: k('answer.correctionsHint'), optional: true, rows: 2 })
    }
  }
  if (choices.recipients.length > 0) {
    fields.push({
      kind: 'checkboxes',
      name: 'notifiedRecipients',
      legend: k('answer.recipientsLegend'),
      hint: k('answer.recipientsHint'),
      choices: choices.recipients.map((i) => ({ value: String(i), label: { text: localize(register.recipients[i]?.name, lang) } })),
    })
  }
  return fields
}

/** The prepared answer again, or the defaults: a category under a legal hold is kept, every other one gets the right's action. */
function answerValues(ctx: ActionContext): Record<string, string | string[]> {
  const { org, request } = ctx
  const choices = answerChoices(request, org)
  const draft = draftAnswer(ctx.db, { orgId: org.id, requestId: request.id })
  const values: Record<string, string | string[]> = {}
  if (draft) {
    values.outcome = draft.outcome
    values.grounds = draft.grounds
    if (draft.reasons) values.reasons = draft.reasons
    values.notifiedRecipients = draft.notifiedRecipients.map(String)
  }
  for (const category of choices.categories) {
    const drafted = draft?.decisions.find((d) => d.category === category)
    // Only a category's own hold is offered as kept: one carried along is the officer's to decide.
    const fallback = request.type === 'erasure' && holdRule(org.profile, category) ? 'kept' : DEFAULT_ACTION[request.type as keyof typeof DEFAULT_ACTION]
    values[`decision.${category}`] = drafted?.action ?? fallback
    if (drafted?.corrections?.length) values[`corrections.${category}`] = drafted.corrections.map((c) => `${c.field}: ${c.oldValue} → ${c.newValue}`).join('\n')
  }
  return values
}

const list = z.preprocess((v) => (v === undefined || v === '' ? [] : Array.isArray(v) ? v : [v]), z.array(z.string()))

/** "field: old → new", one per line ("->" works too). */
function parseCorrections(text: string | undefined): Array<{ field: string; oldValue: string; newValue: string }> | null {
  const lines = (text ?? '').split('\n').map((l) => l.trim()).filter(Boolean)
  const out = []
  for (const line of lines) {
    const match = /^([^:]+):(.*?)(?:→|->)(.*)$/.exec(line)
    if (!match) return null
    out.push({ field: match[1]!.trim(), oldValue: match[2]!.trim(), newValue: match[3]!.trim() })
  }
  return out
}

function answerSchema(ctx: ActionContext) {
  const choices = answerChoices(ctx.request, ctx.org, ctx.db)
  return z
    .object({
      outcome: z.enum(ANSWER_OUTCOMES, { message: 'officer:errors.outcomeRequired' }).refine((o) => choices.outcomes.includes(o), 'officer:errors.outcomeRequired'),
      grounds: list,
      reasons: optionalText(20_000),
      decision: z.record(z.enum(CATEGORY_ACTIONS, { message: 'officer:errors.decisionNotAllowed' })).optional(),
      corrections: z.record(z.string()).optional(),
      notifiedRecipients: list,
    })
    .superRefine((v, issue) => {
      if (needsGrounds(v.outcome) && v.grounds.length === 0 && choices.grounds.length > 0) issue.addIssue({ code: 'custom', path: ['grounds'], message: 'officer:errors.groundRequired' })
      if (needsGrounds(v.outcome) && !v.reasons) issue.addIssue({ code: 'custom', path: ['reasons'], message: 'officer:errors.refusalReasonRequired' })
      for (const category of choices.categories) {
        if (parseCorrections(v.corrections?.[category]) === null) issue.addIssue({ code: 'custom', path: ['corrections', category], message: 'officer:errors.correctionFormat' })
      }
    })
    .transform((v): AnswerDraftInput => {
      const acting = v.outcome === 'granted' || v.outcome === 'partly_granted'
      return {
        outcome: v.outcome,
        grounds: needsGrounds(v.outcome) ? v.grounds : [],
        reasons: v.reasons,
        decisions: acting
          ? choices.categories.map((category) => ({
              category,
              action: v.decision?.[category] ?? 'unchanged',
              corrections: parseCorrections(v.corrections?.[category]) ?? [],
            }))
          : [],
        notifiedRecipients: acting ? v.notifiedRecipients.map(Number).filter((n) => Number.isInteger(n)) : [],
      }
    })
}

function sendFields(ctx: ActionContext): FieldSpec[] {
  const draft = draftAnswer(ctx.db, { orgId: ctx.org.id, requestId: ctx.request.id })
  if (!draft) return []
  const grounds = groundsFor(ctx.request.type, ctx.org.profile, ctx.request.details)
  const named = draft.grounds.flatMap((key) => {
    const g = grounds.find((x) => x.key === key)
    return g ? [`${groundLabel(g, ctx.org, ctx.lang)} (${g.article})`] : []
  })
  return [
    { kind: 'notice', text: k(`answer.summary.${draft.outcome}`, { grounds: named.join('; ') }) },
    {
      kind: 'documents',
      heading: k('answer.documentsHeading'),
      items: previewKinds(ctx.request.type, draft.outcome).map((kind, i) => ({ label: k(`answer.document.${kind}`), path: `preview/${i}` })),
      empty: k('answer.noDocuments'),
    },
    { kind: 'notice', text: k('answer.sendNotice') },
  ]
}

/** The documents renderAnswer makes, in its order (app/domain/render-answer.server.ts). */
function previewKinds(type: Request['type'], outcome: AnswerOutcome): string[] {
  const gives = outcome === 'granted' || outcome === 'partly_granted'
  if (type === 'access') return gives ? ['access_pdf', 'access_json'] : ['access_pdf']
  if (type === 'portability') return gives ? ['portability_zip'] : []
  return ['response_pdf']
}
