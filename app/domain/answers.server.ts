import { DateTime } from 'luxon'
import { z } from 'zod'
import { type DB, type Tx, write } from '#db/client.server'
import type { Answer, CategoryDecisionRecord, DocumentKind, Organisation, Request, Withholding, WithholdReason } from '#db/schema'
import {
  acceptCollectedRows,
  acceptedFileContents,
  answerFor,
  collectedFilesFor,
  collectedFor,
  collectedSizes,
  deleteCollected,
  documentById,
  documentsOf,
  insertCollected,
  insertCollectedFile,
  insertDocument,
  insertManifest,
  markAnswerSent,
  saveAnswerDraft,
  setWithheld,
} from '~/data/answers.server'
import type { CollectedCategory } from '~/data/connectors/collected'
import { EXTENSIONS, FILE_LIMITS, looksLikeDocument, readDocumentFile } from '~/data/connectors/documents'
import { runConnector } from '~/data/connectors/index.server'
import { addMessage } from '~/data/messages.server'
import { allowDownloads, createSession } from '~/data/sessions.server'
import { getRequestForOrg, updateRequest } from '~/data/officer-requests.server'
import { requestById } from '~/data/subject-requests.server'
import { consumeToken } from '~/data/tokens.server'
import type { AnswerInput, Attachment, CategoryDecision } from '~/domain/answer-documents'
import { controllerAnsweredInTx } from '~/domain/assistance.server'
import { applyMapping, collectedData, parseUpload, type CollectionError, type UploadPreview } from '~/domain/collected-data'
import { isDirectMarketingObjection, listedSources, sourceLabel, suppressDirectMarketing, type ContactFields } from '~/domain/do-not-contact.server'
import { officerActor, recordEvent, SUBJECT, type Actor } from '~/domain/events'
import { erasePortalCopies } from '~/domain/purge.server'
import { optionalText, requiredText } from '~/domain/fields'
import { citeArticle } from '~/domain/articles'
import { restrictionOf } from '~/domain/restriction.server'
import { ACTIONS_OF_RIGHT, changesData, groundsFor, needsGrounds, needsIdentity, outcomesFor, type Ground } from '~/domain/grounds'
import { localize } from '~/domain/languages'
import { assertCanTake } from '~/domain/lifecycle'
import { mayEmailAddress, queueEmail } from '~/domain/mail.server'
import { cachedPreview, forgetPreview } from '~/domain/preview-cache.server'
import { withhold, withoutWithheld, type LeftOut } from '~/domain/withholding'
import { carryingRule, holdOutcome, holdRule } from '~/domain/retention'
import type { RenderedDocument } from '~/domain/render-answer.server'
import { RenderBusyError, RenderFailedError, renderOffThread, type RenderPurpose } from '~/domain/render-pool.server'
import { ActionRefusedError, begin, close, countOfficerWrite, emailPerson, orgFor, RequestNotFoundError, type Done, type OfficerAct } from '~/domain/requests.server'
import { fixedT } from '~/i18n/i18n'
import { nowMs } from '~/utils/clock'
import { ANSWER_OUTCOMES, CATEGORY_ACTIONS, LANGUAGES, WITHHOLD_REASONS, type AnswerOutcome, type IdentityMethod, type Language } from '~/vocabulary'

// Answers: the data an officer collects for a request, the answer they
// prepare and preview, and the documents sent, which the person downloads
// from their status page after a fresh confirmation of their address. Nothing
// with personal data is emailed: the email says the answer is ready.

const HOUR = 3_600_000
/** How long a download link works, and how long the downloads it opens stay open. */
export const DOWNLOAD_LINK_TTL = 24 * HOUR
export const DOWNLOAD_WINDOW = HOUR

/** Something in a prepared answer the law or the organisation's register does not allow; `code` is in officer:errors. */
export class AnswerInvalidError extends Error {
  constructor(readonly code: string) {
    super(code)
    this.name = 'AnswerInvalidError'
  }
}

function load(tx: Tx | DB, a: { orgId: number; requestId: number }): { request: Request; org: Organisation } {
  const request = getRequestForOrg(tx, { orgId: a.orgId, id: a.requestId })
  if (!request) throw new RequestNotFoundError()
  return { request, org: orgFor(tx as Tx, a.orgId) }
}

// ---------------------------------------------------------------------------- collecting the data

export type StageResult = { ok: true; ids: number[] } | { ok: false; error: CollectionError }

function categoriesOf(org: Organisation): string[] {
  return org.profile.register.dataCategories.map((c) => c.key)
}

/**
 * Reads an uploaded CSV or JSON export and keeps it for the officer to
 * preview; nothing goes into an answer until it is accepted. A list (rows
 * without categories) goes to the category the officer chose.
 */
export function stageUpload(db: DB, a: OfficerAct & { filename: string; bytes: Uint8Array; category?: string }): StageResult {
  countOfficerWrite(db, a)
  const { org } = load(db, a)
  // A PDF, JPEG or PNG file is a document of the person's data; a file named .csv or .json is a table whatever its bytes (it gets the table's errors).
  if (!/\.(csv|json)$/i.test(a.filename) && looksLikeDocument({ name: a.filename, bytes: a.bytes })) {
    if (!a.category) return { ok: false, error: { key: 'collection:errors.file.categoryRequired' } }
    if (!categoriesOf(org).includes(a.category)) return { ok: false, error: { key: 'collection:errors.unknownCategory', values: { category: a.category } } }
    const read = readDocumentFile({ name: a.filename, bytes: a.bytes })
    if (!read.ok) return read
    return stage(db, a, 'upload', [{ category: a.category, rows: [], files: [read.file] }])
  }
  const parsed = parseUpload({ filename: a.filename, bytes: a.bytes, categories: categoriesOf(org) })
  if (!parsed.ok) return parsed
  let preview: UploadPreview = parsed.preview
  if (preview.shape === 'list') {
    if (!a.category) return { ok: false, error: { key: 'collection:errors.categoryRequired' } }
    const mapped = applyMapping(preview, { category: a.category })
    if (!mapped.ok) return mapped
    preview = mapped.preview
  }
  return stage(db, a, 'upload', collectedData(preview))
}

/** Runs one of the organisation's connectors with the request's identifiers and keeps what it returns for the officer to preview. */
export async function stageConnector(db: DB, a: OfficerAct & { connector: number }): Promise<StageResult> {
  countOfficerWrite(db, a)
  return runAndStage(db, a)
}

/**
 * Runs every connector of the organisation, one after another, and keeps all
 * they return as one preview, for the officer to accept or discard at once.
 * A connector that fails says why; what the others returned is kept.
 */
export async function stageAllConnectors(db: DB, a: OfficerAct): Promise<{ ids: number[]; failed: CollectionError[] }> {
  countOfficerWrite(db, a)
  const { org } = load(db, a)
  const ids: number[] = []
  const failed: CollectionError[] = []
  for (const connector of org.profile.connectors.keys()) {
    const staged = await runAndStage(db, { ...a, connector })
    if (staged.ok) ids.push(...staged.ids)
    else failed.push(staged.error)
  }
  return { ids, failed }
}

/** Accepts every previewed table into the answer at once, within MAX_ANSWER_ROWS in all. */
export function acceptAllPreviews(db: DB, a: OfficerAct): Done {
  const ids = collectedSizes(db, { orgId: a.orgId, requestId: a.requestId }).filter((c) => !c.accepted).map((c) => c.id)
  if (ids.length === 0) throw new RequestNotFoundError()
  return acceptCollected(db, { ...a, ids })
}

/** Discards every previewed table at once; what is in the answer stays. */
export function discardAllPreviews(db: DB, a: OfficerAct): Done {
  countOfficerWrite(db, a)
  return write(db, (tx) => {
    const { request, taken } = begin(tx, a, 'collectData', { take: false })
    for (const c of collectedSizes(tx, { orgId: a.orgId, requestId: request.id }).filter((x) => !x.accepted)) {
      const removed = deleteCollected(tx, { orgId: a.orgId, requestId: request.id, id: c.id })
      if (removed) recordEvent(tx, { kind: 'data_removed', orgId: a.orgId, requestId: request.id, actor: officerActor(a.officerId), data: { collectedId: removed.id, category: removed.category } })
    }
    return { request, taken }
  })
}

async function runAndStage(db: DB, a: OfficerAct & { connector: number }): Promise<StageResult> {
  const { request, org } = load(db, a)
  const config = org.profile.connectors[a.connector]
  if (!config) return { ok: false, error: { key: 'collection:errors.noSuchConnector' } }
  if (!request.identityVerifiedAt && !request.identityOverriddenAt) throw new ActionRefusedError('identityNotVerified')
  // Every key a query may name, '' where the person gave nothing (the connector binds those as NULL).
  const identifiers: Record<string, string> = { email: request.subjectEmail ?? '', name: request.subjectName, phone: request.subjectPhone ?? '' }
  for (const i of org.profile.identifiers) identifiers[i.key] = request.subjectIdentifiers[i.key] ?? ''
  const result = await runConnector(config, { reference: request.reference, identifiers }, { orgSlug: org.slug })
  if (!result.ok) return result
  return stage(db, a, config.kind, result.collected)
}

function stage(db: DB, a: OfficerAct, source: 'upload' | 'sqlite' | 'webhook', collected: CollectedCategory[]): StageResult {
  return write(db, (tx) => {
    const { request, org } = begin(tx, a, 'collectData', { take: false })
    // Files previewed count too: what could be accepted stays within one answer's limits, and nothing is kept that could not.
    const files = filesWithin(collectedFilesFor(tx, { orgId: org.id, requestId: request.id }), collected.flatMap((c) => (c.files ?? []).map((f) => ({ size: f.content.length }))))
    if (!files.ok) return files
    const ids = collected.map((c) => {
      const row = insertCollected(tx, { orgId: org.id, requestId: request.id, category: c.category, source, rows: c.rows, createdBy: a.officerId })
      for (const f of c.files ?? []) insertCollectedFile(tx, { orgId: org.id, requestId: request.id, collectedId: row.id, ...f })
      const data = { collectedId: row.id, category: c.category, source, rows: c.rows.length, ...(c.files?.length ? { files: c.files.length } : {}) }
      recordEvent(tx, { kind: 'data_collected', orgId: org.id, requestId: request.id, actor: officerActor(a.officerId), data })
      return row.id
    })
    return { ok: true as const, ids }
  })
}

/** One answer's files stay within FILE_LIMITS: how many, and their bytes together. */
function filesWithin(held: Array<{ size: number }>, added: Array<{ size: number }>): { ok: true } | { ok: false; error: CollectionError } {
  const all = [...held, ...added]
  if (all.length > FILE_LIMITS.answerFiles) return { ok: false, error: { key: 'collection:errors.file.tooManyInAnswer', values: { max: FILE_LIMITS.answerFiles } } }
  const bytes = all.reduce((sum, f) => sum + f.size, 0)
  if (bytes > FILE_LIMITS.answerBytes) return { ok: false, error: { key: 'collection:errors.file.answerTooLarge', values: { maxMegabytes: FILE_LIMITS.answerBytes / 1024 / 1024 } } }
  return { ok: true }
}

type CollectedRowValue = Record<string, string | number | boolean | null>

/**
 * The most rows one answer holds, all its categories together: a letter of
 * 10,000 rows is some 270 pages that take seconds to draw, and no person reads
 * more in a letter (decision 013). Beyond it the officer splits the data, or
 * gives it as a machine-readable file beside a shorter letter.
 */
export const MAX_ANSWER_ROWS = 10_000

/** Accepting a table would take the answer past MAX_ANSWER_ROWS; `error` says so, and what to do. */
export class AnswerTooLargeError extends Error {
  readonly error: CollectionError
  constructor(rows: number) {
    super('answerTooLarge')
    this.name = 'AnswerTooLargeError'
    this.error = { key: 'collection:errors.answerTooLarge', values: { rows, max: MAX_ANSWER_ROWS } }
  }
}

/** Accepts previewed data into the answer, within MAX_ANSWER_ROWS in all. */
export function acceptCollected(db: DB, a: OfficerAct & { ids: number[] }): Done {
  countOfficerWrite(db, a)
  return write(db, (tx) => {
    const { request, taken } = begin(tx, a, 'collectData')
    const rows = collectedSizes(tx, { orgId: a.orgId, requestId: request.id })
      .filter((c) => c.accepted || a.ids.includes(c.id))
      .reduce((sum, c) => sum + c.rowCount, 0)
    if (rows > MAX_ANSWER_ROWS) throw new AnswerTooLargeError(rows)
    if (acceptCollectedRows(tx, { orgId: a.orgId, requestId: request.id, ids: a.ids }).length === 0) throw new RequestNotFoundError()
    return { request, taken }
  })
}

export const keepCollectedInput = z.object({ reason: requiredText('officer:errors.keepReasonRequired') })

/**
 * Keeps the data collected for the answer after it is sent, for the reason
 * written (an internal message): it then lasts as long as the request's
 * record (docs/decisions/025) instead of going with the sending.
 */
export function keepCollected(db: DB, a: OfficerAct & z.input<typeof keepCollectedInput>): Done {
  const { reason } = keepCollectedInput.parse(a)
  countOfficerWrite(db, a)
  return write(db, (tx) => {
    const { request, taken } = begin(tx, a, 'note')
    if (request.collectedKeptAt || collectedSizes(tx, { orgId: a.orgId, requestId: request.id }).length === 0) throw new ActionRefusedError('nothingToKeep')
    const written = addMessage(tx, { orgId: a.orgId, requestId: request.id, authorKind: 'officer', authorUserId: a.officerId, audience: 'internal', purpose: 'kept_reason', body: reason })
    const at = new Date(nowMs())
    const updated = updateRequest(tx, request.id, { collectedKeptAt: at, updatedAt: at })
    recordEvent(tx, { kind: 'collected_kept', orgId: a.orgId, requestId: request.id, actor: officerActor(a.officerId), data: { messageId: written.id } })
    return { request: updated, taken }
  })
}

/** Removes collected data, previewed or accepted, before the answer is sent. */
export function discardCollected(db: DB, a: OfficerAct & { id: number }): Done {
  countOfficerWrite(db, a)
  return write(db, (tx) => {
    const { request, taken } = begin(tx, a, 'collectData', { take: false })
    const removed = deleteCollected(tx, { orgId: a.orgId, requestId: request.id, id: a.id })
    if (!removed) throw new RequestNotFoundError()
    recordEvent(tx, { kind: 'data_removed', orgId: a.orgId, requestId: request.id, actor: officerActor(a.officerId), data: { collectedId: removed.id, category: removed.category } })
    return { request, taken }
  })
}

/**
 * Leaves one row or cell of a collected table out of the copy, for the
 * reason the officer gives (Art. 15(4)); the audit trail records the counts
 * and the reasons, never what was left out.
 */
export function withholdCollected(db: DB, a: OfficerAct & { id: number; row: number; column?: string; reason: WithholdReason }): { ok: true } | { ok: false; error: CollectionError } {
  countOfficerWrite(db, a)
  return write(db, (tx) => {
    const { request } = begin(tx, a, 'collectData', { take: false })
    const entry = collectedFor(tx, { orgId: a.orgId, requestId: request.id }).find((c) => c.id === a.id)
    if (!entry) throw new RequestNotFoundError()
    const added = withhold(entry.rows, entry.withheld, { row: a.row, ...(a.column !== undefined ? { column: a.column } : {}), reason: a.reason })
    if (!added.ok) {
      return added.problem === 'noSuchRow'
        ? { ok: false as const, error: { key: 'collection:errors.withhold.noSuchRow', values: { row: a.row, max: entry.rowCount } } as CollectionError }
        : { ok: false as const, error: { key: 'collection:errors.withhold.noSuchColumn', values: { column: a.column ?? '' } } as CollectionError }
    }
    withheldChanged(tx, a, setWithheld(tx, { orgId: a.orgId, requestId: request.id, id: a.id }, added.withheld)!)
    return { ok: true as const }
  })
}

/** Puts back everything left out of a collected table. */
export function restoreWithheld(db: DB, a: OfficerAct & { id: number }): void {
  countOfficerWrite(db, a)
  write(db, (tx) => {
    const { request } = begin(tx, a, 'collectData', { take: false })
    const entry = setWithheld(tx, { orgId: a.orgId, requestId: request.id, id: a.id }, [])
    if (!entry) throw new RequestNotFoundError()
    withheldChanged(tx, a, entry)
  })
}

function withheldChanged(tx: Tx, a: OfficerAct, entry: { id: number; category: string; rows: CollectedRowValue[]; withheld: Withholding[] | null }) {
  const { leftOut } = withoutWithheld(entry.rows, entry.withheld)
  const data = { collectedId: entry.id, category: entry.category, rows: leftOut.rows, cells: leftOut.cells, reasons: leftOut.reasons }
  recordEvent(tx, { kind: 'data_withheld', orgId: a.orgId, requestId: a.requestId, actor: officerActor(a.officerId), data })
}

// ---------------------------------------------------------------------------- preparing the answer

const correction = z.object({ field: z.string().min(1).max(200), oldValue: z.string().max(2000), newValue: z.string().max(2000) })

export const answerInput = z.object({
  outcome: z.enum(ANSWER_OUTCOMES),
  grounds: z.array(z.string().min(1).max(120)).max(20).default([]),
  reasons: optionalText(20_000),
  decisions: z
    .array(z.object({ category: z.string().min(1).max(120), action: z.enum(CATEGORY_ACTIONS), corrections: z.array(correction).max(100).default([]) }))
    .max(200)
    .default([]),
  notifiedRecipients: z.array(z.number().int().min(0).max(1000)).max(100).default([]),
})
export type AnswerDraftInput = z.input<typeof answerInput>

/**
 * What the answer form offers for this request: its outcomes, grounds,
 * categories and recipients. Given the database, no "we hold no data about
 * you" while the person's contact details are on the do-not-contact list: the
 * list's entries are data about them.
 */
export function answerChoices(request: Pick<Request, 'type' | 'details'> & ContactFields, org: Organisation, db?: DB | Tx) {
  const register = org.profile.register
  const listed = db ? listedSources(db, request, org).length > 0 : false
  return {
    outcomes: outcomesFor(request.type, request.details).filter((o) => !(listed && o === 'no_data')),
    grounds: groundsFor(request.type, org.profile, request.details),
    categories: changesData(request.type) ? register.dataCategories.map((c) => c.key) : [],
    categoryActions: changesData(request.type) ? ACTIONS_OF_RIGHT[request.type] : [],
    /** A category the law makes the organisation keep, with the ground that says so. */
    holds: new Map([
      // A category a hold carries along (a journal's owner) is kept on that hold's ground (docs/decisions/018).
      ...register.retention.filter((r) => r.legalObligation).flatMap((r) => r.carries.map((c) => [c, `hold:${r.category}`] as const)),
      ...register.retention.filter((r) => r.legalObligation).map((r) => [r.category, `hold:${r.category}`] as const),
    ]),
    recipients: changesData(request.type) && request.type !== 'objection' ? register.recipients.map((_, i) => i) : [],
  }
}

/**
 * Checks a prepared answer against the law and the register: the outcome is
 * one this right allows; a partial grant or refusal names grounds of this
 * right and says why; a category is only kept on a ground, and erased data
 * under a legal hold is kept.
 */
export function checkAnswer(request: Request, org: Organisation, input: z.output<typeof answerInput>, tx: Tx): void {
  if (input.outcome === 'no_data' && listedSources(tx, request, org).length > 0) throw new AnswerInvalidError('noDataWhileListed')
  const choices = answerChoices(request, org)
  if (!choices.outcomes.includes(input.outcome)) throw new AnswerInvalidError(isDirectMarketingObjection(request) ? 'directMarketingAbsolute' : 'outcomeNotAllowed')
  const known = new Set(choices.grounds.map((g) => g.key))
  if (input.grounds.some((g) => !known.has(g))) throw new AnswerInvalidError('groundNotAllowed')
  if (needsGrounds(input.outcome)) {
    if (input.grounds.length === 0) throw new AnswerInvalidError('groundRequired')
    if (!input.reasons) throw new AnswerInvalidError('refusalReasonRequired')
  } else if (input.grounds.length > 0) throw new AnswerInvalidError('groundsOnlyWhenRefused')
  // A reasonable fee is the alternative to refusing (Art. 12(5)(a)), never a reason for a refusal.
  if (input.outcome === 'refused' && input.grounds.includes('fee')) throw new AnswerInvalidError('feeIsNotRefusal')
  const categories = new Set(choices.categories)
  for (const d of input.decisions) {
    if (!categories.has(d.category) || !(choices.categoryActions as readonly string[]).includes(d.action)) throw new AnswerInvalidError('decisionNotAllowed')
    if (d.action === 'kept') {
      // Kept under a legal hold names that hold; anything else kept names another ground of the right.
      const hold = choices.holds.get(d.category)
      if (!(hold && input.grounds.includes(hold)) && !input.grounds.some((g) => !g.startsWith('hold:'))) throw new AnswerInvalidError('keptNeedsGround')
    }
    if (d.action === 'corrected' && d.corrections.length === 0) throw new AnswerInvalidError('correctionRequired')
  }
  if (input.outcome === 'granted' && input.decisions.some((d) => d.action === 'kept')) throw new AnswerInvalidError('keptMeansPartly')
  // Something left out of the copy under Art. 15(4) is a partial refusal: the person is told the ground and where to turn (Art. 12(4)).
  if (input.outcome === 'granted' && request.type === 'access' && copyWithoutWithheld(collectedFor(tx, { orgId: org.id, requestId: request.id, accepted: true })).withheld.length > 0) {
    throw new AnswerInvalidError('withheldMeansPartly')
  }
  if (input.notifiedRecipients.some((i) => !choices.recipients.includes(i))) throw new AnswerInvalidError('decisionNotAllowed')
}

/** Saves the answer as prepared (not yet sent); preparing again replaces it. */
export function prepareAnswer(db: DB, a: OfficerAct & AnswerDraftInput): Done {
  const input = answerInput.parse(a)
  countOfficerWrite(db, a)
  return write(db, (tx) => {
    const { request, org, taken } = begin(tx, a, 'prepareAnswer')
    checkAnswer(request, org, input, tx)
    saveAnswerDraft(
      tx,
      { orgId: org.id, requestId: request.id },
      {
        outcome: input.outcome,
        grounds: input.grounds,
        reasons: input.reasons ?? null,
        reasonMessageId: null,
        decisions: input.outcome === 'no_data' ? [] : input.decisions.map((d) => ({ category: d.category, action: d.action, ...(d.corrections.length ? { corrections: d.corrections } : {}) })),
        notifiedRecipients: input.outcome === 'no_data' ? [] : input.notifiedRecipients,
      },
    )
    recordEvent(tx, { kind: 'answer_prepared', orgId: org.id, requestId: request.id, actor: officerActor(a.officerId), data: { outcome: input.outcome, grounds: input.grounds } })
    return { request, taken }
  })
}

/** The answer being prepared, not yet sent. */
export function draftAnswer(db: DB | Tx, q: { orgId: number; requestId: number }): Answer | undefined {
  const answer = answerFor(db, q)
  return answer && !answer.sentAt ? answer : undefined
}

// ---------------------------------------------------------------------------- the documents

/** A ground in the person's words: the organisation's own for a register ground. */
export function groundLabel(ground: Ground, org: Organisation, lang: Request['language']): string {
  const t = fixedT(lang, ['documents'])
  const register = org.profile.register
  if ('key' in ground.label) return t(`groundNames.${ground.label.key}`)
  if (ground.label.register === 'reasonableFee') return t('groundNames.feeOf', { fee: withoutFullStop(localize(org.profile.reasonableFee, lang)) })
  if (ground.label.register === 'nationalRestriction') {
    const r = register.nationalRestrictions[ground.label.index]
    return t('groundNames.national', { description: withoutFullStop(localize(r?.description, lang)) })
  }
  const rule = register.retention[ground.label.index]
  const category = localize(register.dataCategories.find((c) => c.key === rule?.category)?.name, lang)
  return t('groundNames.hold', { category, basis: withoutFullStop(localize(rule?.legalBasis, lang)) })
}

/** A label is followed by its article, "(Art. 17(3)(b))", or a list's separator: the register's sentence loses its closing full stop. */
const withoutFullStop = (text: string) => text.trim().replace(/\.$/, '')

/**
 * Who signs an answer when it is not the organisation holding the request: a
 * processor's client answering through its secure link (docs/decisions/017),
 * in its own name, with its own contact and supervisory authority. The
 * register (purposes, categories, retention) stays the holder's: it is the
 * processing done for the client that the answer is about.
 */
export type AnsweringOrg = { name: string; country: string; privacyEmail: string; authority: Organisation['profile']['authority'] }

/**
 * The processor's register as its client's letter presents it: what the
 * processor does for the client is the processing the person asked about,
 * told as the processor's record (the letter says so). Its recipients are the
 * processor itself, then those of the register that are not the processor's
 * other clients: one client's letter never names another as a recipient.
 */
function clientsView(org: Organisation, answering: AnsweringOrg): Organisation['profile'] {
  const clients = new Set(org.profile.clients.map((c) => c.name.trim().toLowerCase()))
  const named = (n: Organisation['profile']['register']['recipients'][number]['name']) => Object.values(n).some((v) => v && clients.has(v.trim().toLowerCase()))
  const everywhere = (f: (lang: Language) => string) => Object.fromEntries(LANGUAGES.map((l) => [l, f(l)])) as Record<Language, string>
  const processor = { name: everywhere(() => org.name), role: everywhere((l) => fixedT(l, ['documents'])('access.recipients.processorRole')), category: false }
  const register = org.profile.register
  return { ...org.profile, authority: answering.authority, register: { ...register, recipients: [processor, ...register.recipients.filter((r) => !named(r.name))] } }
}

/** Everything the documents are made of, read from the request, its collected data and its answer; `answering` signs it in another name. */
export function answerInputOf(db: DB | Tx, request: Request, org: Organisation, answer: Answer, at: Date, answering?: AnsweringOrg): AnswerInput {
  const lang = request.language
  const grounds = groundsFor(request.type, org.profile, request.details)
  const byCategory = new Map<string, CollectedRowValue[]>()
  const accepted = collectedFor(db, { orgId: org.id, requestId: request.id, accepted: true })
  for (const c of accepted) byCategory.set(c.category, [...(byCategory.get(c.category) ?? []), ...c.rows])
  const copy = copyWithoutWithheld(accepted)
  const decisions: CategoryDecision[] = answer.decisions.map((d: CategoryDecisionRecord) => {
    if (d.action !== 'kept') return { category: d.category, action: d.action, corrections: d.corrections }
    // A legal hold is the letter's reason only when the officer gave it as a ground; kept on another ground, the grounds below say why.
    const onHold = (category: string) => answer.grounds.includes(`hold:${category}`)
    const carrier = carryingRule(org.profile, d.category)
    if (carrier && onHold(carrier.category)) {
      // Kept as long as the hold's own records are: to the latest of them, where one is kept.
      const held = holdOutcome(carrier, byCategory.get(carrier.category) ?? [], org.timeZone, at)
      const latest = held.byCriterion + held.undated > 0 ? undefined : held.kept.at(-1)?.until
      const holder = localize(org.profile.register.dataCategories.find((c) => c.key === carrier.category)?.name, lang)
      const carried = { carriedBy: holder, ...(latest ? { carriedUntil: latest } : {}), ...(carrier.criterion ? { criterion: localize(carrier.criterion, lang) } : {}) }
      return { category: d.category, action: 'kept', legalBasis: localize(carrier.legalBasis, lang), hold: { section: localize(carrier.section, lang), kept: [], erased: 0, byCriterion: 0, undated: 0, ...carried } }
    }
    const rule = holdRule(org.profile, d.category)
    if (!rule || !onHold(rule.category)) return { category: d.category, action: 'kept' }
    // Each record's own end, counted from the rule's start (docs/decisions/018), never today plus the period.
    const records = holdOutcome(rule, byCategory.get(d.category) ?? [], org.timeZone, at)
    const hold = { ...records, section: localize(rule.section, lang), ...(rule.criterion ? { criterion: localize(rule.criterion, lang) } : {}) }
    return { category: d.category, action: 'kept', legalBasis: localize(rule.legalBasis, lang), hold }
  })
  return {
    language: lang,
    org: answering
      ? { name: answering.name, country: answering.country, timeZone: org.timeZone, privacyEmail: answering.privacyEmail, profile: clientsView(org, answering) }
      : { name: org.name, country: org.country, timeZone: org.timeZone, privacyEmail: org.privacyEmail, profile: org.profile },
    ...(answering ? { processorName: org.name } : {}),
    request: {
      reference: request.reference,
      type: request.type,
      receivedAt: request.receivedAt,
      subjectName: request.subjectName,
      subjectEmail: request.subjectEmail ?? '',
      ...(request.details.type === 'objection' && typeof request.details.ground === 'string' ? { objectionGround: request.details.ground } : {}),
    },
    answeredAt: at,
    outcome: answer.outcome,
    grounds: answer.grounds.flatMap((key) => {
      const g = grounds.find((x) => x.key === key)
      return g ? [{ label: groundLabel(g, org, lang), article: g.article }] : []
    }),
    reasons: answer.reasons ?? undefined,
    collected: copy.collected,
    ...(copy.withheld.length > 0 ? { withheld: copy.withheld } : {}),
    decisions,
    notifiedRecipients: answer.notifiedRecipients.map((i) => localize(org.profile.register.recipients[i]?.name, lang)).filter(Boolean),
    ...attachmentsOf(db, request, accepted),
    // What an objection to direct marketing put on the list, by label (never the values).
    ...(restrictionOf(db, request).whileAssessed ? { restrictedWhileAssessed: true } : {}),
    ...(isDirectMarketingObjection(request) ? { doNotContact: { listed: listedSources(db, request, org).map((s) => sourceLabel(s, org, lang, 'documents')) } } : {}),
  }
}

/**
 * The copy as the documents give it: each category's rows without what an
 * officer left out (Art. 15(4)), and per category how much was left out and why.
 */
function copyWithoutWithheld(accepted: Array<{ category: string; rows: CollectedRowValue[]; withheld: Withholding[] | null }>) {
  const rows = new Map<string, CollectedRowValue[]>()
  const leftOut = new Map<string, LeftOut>()
  for (const c of accepted) {
    const applied = withoutWithheld(c.rows, c.withheld)
    rows.set(c.category, [...(rows.get(c.category) ?? []), ...applied.rows])
    if (applied.leftOut.rows + applied.leftOut.cells === 0) continue
    const sum = leftOut.get(c.category) ?? { rows: 0, cells: 0, reasons: [] }
    leftOut.set(c.category, { rows: sum.rows + applied.leftOut.rows, cells: sum.cells + applied.leftOut.cells, reasons: [...new Set([...sum.reasons, ...applied.leftOut.reasons])].sort() })
  }
  return { collected: [...rows].map(([category, r]) => ({ category, rows: r })), withheld: [...leftOut].map(([category, l]) => ({ category, ...l })) }
}

/**
 * The documents and images of an access answer's copy, as the letter lists
 * them: with the name they were collected under, and the name of the file the
 * person downloads (plain ASCII, numbered, with the extension of its real type).
 */
function attachmentsOf(db: DB | Tx, request: Request, accepted: Array<{ id: number; category: string }>): { attachments?: Attachment[] } {
  if (request.type !== 'access') return {}
  const category = new Map(accepted.map((c) => [c.id, c.category]))
  const files = collectedFilesFor(db, { orgId: request.orgId, requestId: request.id, accepted: true })
  if (files.length === 0) return {}
  return {
    attachments: files.map((f, i) => ({
      id: f.id,
      category: category.get(f.collectedId) ?? '',
      name: f.name,
      filename: `${request.reference}-${String(i + 1).padStart(2, '0')}.${EXTENSIONS[f.contentType][0]}`,
      contentType: f.contentType,
      size: f.size,
    })),
  }
}

/** The files delivered beside an access letter that gives data: each accepted document or image, as the letter lists it. */
function attachmentDocuments(db: DB | Tx, request: Request, input: AnswerInput): RenderedDocument[] {
  if (!input.attachments || (input.outcome !== 'granted' && input.outcome !== 'partly_granted')) return []
  const contents = new Map(acceptedFileContents(db, { orgId: request.orgId, requestId: request.id }).map((f) => [f.id, f.content]))
  // A file removed since the letter was drawn would make the letter list what is not there: the officer sends again.
  if (input.attachments.some((a) => !contents.has(a.id))) throw new AnswerInvalidError('answerChanged')
  return input.attachments.map((a) => ({ kind: 'attachment' as const, filename: a.filename, contentType: a.contentType, content: contents.get(a.id)! }))
}

/** The documents the prepared answer would send now, for the officer to look at before sending. */
export async function previewAnswer(db: DB, q: { orgId: number; requestId: number }): Promise<RenderedDocument[]> {
  const { request, org } = load(db, q)
  const answer = draftAnswer(db, q)
  if (!answer) return []
  // Drawn in the render worker, and kept until the answer changes: opening each document, or one again, draws nothing.
  return cachedPreview(answer.id, answerInputOf(db, request, org, answer, new Date(nowMs())), (input) => drawn(input, { owner: org.id, purpose: 'preview' }))
}

/**
 * Renders in the worker; a render that fails or runs past RENDER_TIME_LIMIT_MS,
 * or a preview while the organisation has its share being drawn, is the
 * officer's to hear about in their words (try again, or make the answer
 * smaller), not a server error page.
 */
async function drawn(input: Parameters<typeof renderOffThread>[0], opts: { owner: number; purpose: RenderPurpose }): Promise<RenderedDocument[]> {
  try {
    return await renderOffThread(input, opts)
  } catch (error) {
    if (error instanceof RenderFailedError) throw new AnswerInvalidError('renderFailed')
    if (error instanceof RenderBusyError) throw new AnswerInvalidError('renderBusy')
    throw error
  }
}

// ---------------------------------------------------------------------------- sending it

/**
 * Sends the prepared answer: the documents are made and stored (sealed)
 * exactly as sent, the request closes with its outcome, and the person is
 * emailed that the answer is ready, never the answer itself. A partial grant
 * or refusal tells them its grounds, the supervisory authority and the courts
 * (Art. 12(4)). Anything that says what is held waits for a verified identity.
 */
export async function sendAnswer(db: DB, a: OfficerAct): Promise<Done> {
  countOfficerWrite(db, a)
  const { request, org } = load(db, a)
  const answer = draftAnswer(db, a)
  if (!answer) throw new AnswerInvalidError('noAnswerPrepared')
  const at = new Date(nowMs())
  // Drawn afresh, as of now, in the render worker; the transaction below checks that nothing changed meanwhile.
  const input = answerInputOf(db, request, org, answer, at)
  const documents = await drawn(input, { owner: org.id, purpose: 'send' })
  const done = write(db, (tx) => {
    documents.push(...attachmentDocuments(tx, request, input))
    const outcome = answer.outcome
    const current = draftAnswer(tx, a)
    if (!current || current.updatedAt.getTime() !== answer.updatedAt.getTime()) throw new AnswerInvalidError('answerChanged')
    const { request: r, taken } = begin(tx, a, outcome === 'refused' ? 'refuse' : 'answer')
    if (needsIdentity(outcome, r) && !r.identityVerifiedAt && !r.identityOverriddenAt) throw new ActionRefusedError('identityNotVerified')
    checkAnswer(r, org, { ...answer, outcome, reasons: answer.reasons ?? undefined, decisions: answer.decisions.map((d) => ({ ...d, corrections: d.corrections ?? [] })) }, tx)
    const reasons = answer.reasons
      ? addMessage(tx, { orgId: org.id, requestId: r.id, authorKind: 'officer', authorUserId: a.officerId, audience: 'subject', purpose: needsGrounds(outcome) ? 'refusal_reason' : 'answer', body: answer.reasons })
      : null
    const downloadUntil = DateTime.fromJSDate(at).plus({ days: org.profile.answerDownloadDays }).toJSDate()
    const sent = markAnswerSent(tx, answer.id, { sentAt: at, downloadUntil, reasonMessageId: reasons?.id ?? null })
    for (const d of documents) insertDocument(tx, { orgId: org.id, requestId: r.id, answerId: sent.id, ...d })
    insertManifest(tx, { orgId: org.id, requestId: r.id, outcome, sentAt: at, sentByKind: 'officer', sentByUserId: a.officerId, documents })
    const updated = close(tx, r, org, outcome === 'refused' ? 'refused' : 'completed', outcome, officerActor(a.officerId))
    recordEvent(tx, { kind: 'answered', orgId: org.id, requestId: r.id, actor: officerActor(a.officerId), data: { outcome, grounds: answer.grounds, messageId: reasons?.id ?? null, documents: documents.length } })
    if (outcome === 'granted' && isDirectMarketingObjection(updated)) suppressDirectMarketing(tx, updated, org, officerActor(a.officerId))
    if (grantsErasure(updated, outcome)) erasePortalCopies(tx, updated, officerActor(a.officerId))
    // A controller answering a request a processor forwarded: the processor's request records it and leaves its open queue.
    controllerAnsweredInTx(tx, updated, outcome, officerActor(a.officerId))
    if (needsGrounds(outcome)) {
      const grounds = groundsFor(r.type, org.profile, r.details)
      emailPerson(tx, updated, org, 'refused', {
        grounds: answer.grounds.flatMap((key) => {
          const g = grounds.find((x) => x.key === key)
          return g ? [`${groundLabel(g, org, updated.language)} (${citeArticle(g.article, updated.language)})`] : []
        }),
        authorityName: localize(org.profile.authority.name, updated.language),
        complaintUrl: org.profile.authority.complaintUrl,
        partly: outcome === 'partly_granted',
        hasDocuments: documents.length > 0,
      })
    } else {
      emailPerson(tx, updated, org, 'answer-ready', { hasDocuments: documents.length > 0, authorityName: localize(org.profile.authority.name, updated.language), complaintUrl: org.profile.authority.complaintUrl })
    }
    return { request: updated, taken }
  })
  forgetPreview(answer.id)
  return done
}

/**
 * The same answer, given by someone who is not one of the organisation's
 * officers: a processor's client through its secure link (docs/decisions/017).
 * Prepared and sent in one go, through the same checks and the same
 * documents, signed as `answering`; the person is emailed as for any answer,
 * in that name. `guard` runs first in each transaction (the link still
 * works); `after` runs in the sending one (the forwarding's record).
 * Outcomes that say what is held need the person's identity checked: the
 * client says how it checked (`identityMethod`), and the record says so.
 */
export async function answerAs(
  db: DB,
  a: {
    orgId: number
    requestId: number
    actor: Actor
    answering: AnsweringOrg
    input: AnswerDraftInput
    identityMethod?: IdentityMethod
    guard: (tx: Tx) => void
    after: (tx: Tx, request: Request, outcome: AnswerOutcome) => void
  },
): Promise<Request> {
  const input = answerInput.parse(a.input)
  const lifecycleActor = a.actor.kind === 'controller' ? 'controller' : 'officer'
  const { answer, request, org } = write(db, (tx) => {
    a.guard(tx)
    const { request, org } = load(tx, a)
    assertCanTake('prepareAnswer', request.status, lifecycleActor)
    checkAnswer(request, org, input, tx)
    if (needsIdentity(input.outcome, request) && !request.identityVerifiedAt && !request.identityOverriddenAt && !a.identityMethod) throw new ActionRefusedError('identityNotVerified')
    const answer = saveAnswerDraft(
      tx,
      { orgId: org.id, requestId: request.id },
      { outcome: input.outcome, grounds: input.grounds, reasons: input.reasons ?? null, reasonMessageId: null, decisions: [], notifiedRecipients: [] },
    )
    recordEvent(tx, { kind: 'answer_prepared', orgId: org.id, requestId: request.id, actor: a.actor, data: { outcome: input.outcome, grounds: input.grounds } })
    return { answer, request, org }
  })
  const at = new Date(nowMs())
  const drawnFrom = answerInputOf(db, request, org, answer, at, a.answering)
  const documents = await drawn(drawnFrom, { owner: org.id, purpose: 'send' })
  return write(db, (tx) => {
    a.guard(tx)
    documents.push(...attachmentDocuments(tx, request, drawnFrom))
    const outcome = answer.outcome
    const current = draftAnswer(tx, a)
    if (!current || current.updatedAt.getTime() !== answer.updatedAt.getTime()) throw new AnswerInvalidError('answerChanged')
    let { request: r } = load(tx, a)
    assertCanTake(outcome === 'refused' ? 'refuse' : 'answer', r.status, lifecycleActor)
    if (needsIdentity(outcome, r) && !r.identityVerifiedAt && !r.identityOverriddenAt) {
      if (!a.identityMethod) throw new ActionRefusedError('identityNotVerified')
      r = updateRequest(tx, r.id, { identityVerifiedAt: at, identityMethod: a.identityMethod, updatedAt: at })
      recordEvent(tx, { kind: 'identity_verified', orgId: org.id, requestId: r.id, actor: a.actor, data: { method: a.identityMethod } })
    }
    const reasons = answer.reasons
      ? addMessage(tx, { orgId: org.id, requestId: r.id, authorKind: a.actor.kind, authorUserId: a.actor.userId, audience: 'subject', purpose: needsGrounds(outcome) ? 'refusal_reason' : 'answer', body: answer.reasons })
      : null
    const downloadUntil = DateTime.fromJSDate(at).plus({ days: org.profile.answerDownloadDays }).toJSDate()
    const sent = markAnswerSent(tx, answer.id, { sentAt: at, downloadUntil, reasonMessageId: reasons?.id ?? null })
    for (const d of documents) insertDocument(tx, { orgId: org.id, requestId: r.id, answerId: sent.id, ...d })
    insertManifest(tx, { orgId: org.id, requestId: r.id, outcome, sentAt: at, sentByKind: a.actor.kind, sentByUserId: a.actor.userId, documents })
    const updated = close(tx, r, org, outcome === 'refused' ? 'refused' : 'completed', outcome, a.actor)
    recordEvent(tx, { kind: 'answered', orgId: org.id, requestId: r.id, actor: a.actor, data: { outcome, grounds: answer.grounds, messageId: reasons?.id ?? null, documents: documents.length } })
    if (outcome === 'granted' && isDirectMarketingObjection(updated)) suppressDirectMarketing(tx, updated, org, a.actor)
    if (grantsErasure(updated, outcome)) erasePortalCopies(tx, updated, a.actor)
    // The person hears from whoever answered, in its name.
    const signer = { ...org, name: a.answering.name }
    if (needsGrounds(outcome)) {
      const grounds = groundsFor(r.type, org.profile, r.details)
      emailPerson(tx, updated, signer, 'refused', {
        grounds: answer.grounds.flatMap((key) => {
          const g = grounds.find((x) => x.key === key)
          return g ? [`${groundLabel(g, org, updated.language)} (${citeArticle(g.article, updated.language)})`] : []
        }),
        authorityName: localize(a.answering.authority.name, updated.language),
        complaintUrl: a.answering.authority.complaintUrl,
        partly: outcome === 'partly_granted',
        hasDocuments: documents.length > 0,
      })
    } else {
      emailPerson(tx, updated, signer, 'answer-ready', { hasDocuments: documents.length > 0, authorityName: localize(a.answering.authority.name, updated.language), complaintUrl: a.answering.authority.complaintUrl })
    }
    a.after(tx, updated, outcome)
    return updated
  })
}

/** An erasure granted in full or in part: the portal's own copies of the person's data go too (docs/decisions/025). */
function grantsErasure(request: Request, outcome: AnswerOutcome): boolean {
  return request.type === 'erasure' && (outcome === 'granted' || outcome === 'partly_granted')
}

// ---------------------------------------------------------------------------- the person's downloads

export type AnswerForPerson = {
  documents: Array<{ id: number; kind: DocumentKind; filename: string; size: number }>
  downloadUntil: Date | null
  expired: boolean
}

/** The documents of a request's sent answer, as the person may see them listed. */
export function answerForPerson(db: DB, request: Request): AnswerForPerson | null {
  const answer = answerFor(db, { orgId: request.orgId, requestId: request.id })
  if (!answer?.sentAt) return null
  const documents = documentsOf(db, { orgId: request.orgId, requestId: request.id }).map((d) => ({ id: d.id, kind: d.kind, filename: d.filename, size: d.size }))
  return { documents, downloadUntil: answer.downloadUntil, expired: !answer.downloadUntil || answer.downloadUntil.getTime() <= nowMs() }
}

/**
 * Emails a fresh download link to the request's own, confirmed address, and
 * only there, whatever the request's text asks. Says nothing when there is
 * nothing to download, or the address had enough email this hour.
 */
export function sendDownloadLink(db: DB, request: Request): boolean {
  return write(db, (tx) => {
    const answer = answerFor(tx, { orgId: request.orgId, requestId: request.id })
    if (!answer?.sentAt || !answer.downloadUntil || answer.downloadUntil.getTime() <= nowMs() || !request.emailVerifiedAt) return false
    if (!request.subjectEmail || !mayEmailAddress(tx, request.subjectEmail)) return false
    const org = orgFor(tx, request.orgId)
    queueEmail(tx, {
      to: request.subjectEmail,
      language: request.language,
      template: 'download-link',
      orgId: org.id,
      requestId: request.id,
      params: { orgName: org.name, timeZone: org.timeZone, reference: request.reference },
      links: [{ name: 'link', purpose: 'answer_download', requestId: request.id, ttlMs: DOWNLOAD_LINK_TTL, path: `/${request.language}/status/download/{token}` }],
    })
    recordEvent(tx, { kind: 'download_link_sent', orgId: org.id, requestId: request.id, actor: SUBJECT, data: {} })
    return true
  })
}

/** Uses a download link: opens a session on the request whose downloads are open for an hour. */
export function openDownloadLink(db: DB, token: string): { ok: true; sessionToken: string; request: Request } | { ok: false; reason: 'invalid' | 'expired' | 'used' } {
  return write(db, (tx) => {
    const used = consumeToken(tx, 'answer_download', token)
    if (!used.ok) return used
    const request = used.requestId === null ? undefined : requestById(tx, used.requestId)
    if (!request) return { ok: false as const, reason: 'invalid' as const }
    const sessionToken = createSession(tx, { kind: 'subject', requestId: request.id, ttlMs: 12 * HOUR })
    allowDownloads(tx, sessionToken, new Date(nowMs() + DOWNLOAD_WINDOW))
    return { ok: true as const, sessionToken, request }
  })
}

export type DownloadResult = { ok: true; document: { filename: string; contentType: string; content: Buffer } } | { ok: false; reason: 'notFound' | 'confirm' | 'expired' }

/**
 * One document, for a session whose downloads a fresh link opened, while the
 * organisation's download period lasts. Every download is in the audit trail.
 */
export function downloadDocument(db: DB, q: { request: Request; downloadsUntil: Date | null; documentId: number }): DownloadResult {
  const answer = answerFor(db, { orgId: q.request.orgId, requestId: q.request.id })
  const document = documentById(db, { orgId: q.request.orgId, requestId: q.request.id, id: q.documentId })
  if (!answer?.sentAt || !document) return { ok: false, reason: 'notFound' }
  if (!answer.downloadUntil || answer.downloadUntil.getTime() <= nowMs()) return { ok: false, reason: 'expired' }
  if (!q.downloadsUntil || q.downloadsUntil.getTime() <= nowMs()) return { ok: false, reason: 'confirm' }
  write(db, (tx) =>
    recordEvent(tx, { kind: 'answer_downloaded', orgId: q.request.orgId, requestId: q.request.id, actor: SUBJECT, data: { documentId: document.id, kind: document.kind } }),
  )
  return { ok: true, document: { filename: document.filename, contentType: document.contentType, content: document.content } }
}

// ---------------------------------------------------------------------------- the collect page

const SAMPLE = 5

/** What the collect page shows: the register's categories, what was collected (previewed or accepted), the connectors. */
export function collectionView(db: DB, q: { org: Organisation; requestId: number; lang: Request['language'] }) {
  const { request, org } = load(db, { orgId: q.org.id, requestId: q.requestId })
  const name = (key: string) => localize(org.profile.register.dataCategories.find((c) => c.key === key)?.name, q.lang) || key
  const files = collectedFilesFor(db, { orgId: org.id, requestId: request.id })
  const entries = collectedFor(db, { orgId: org.id, requestId: request.id }).map((c) => {
    const columns = [...new Set(c.rows.flatMap((r) => Object.keys(r)))]
    return {
      files: files.filter((f) => f.collectedId === c.id).map((f) => ({ name: f.name, contentType: f.contentType, size: f.size })),
      id: c.id,
      category: c.category,
      categoryName: name(c.category),
      source: c.source,
      rowCount: c.rowCount,
      accepted: !!c.acceptedAt,
      columns,
      sample: c.rows.slice(0, SAMPLE).map((r) => columns.map((col) => (r[col] === null || r[col] === undefined ? '' : String(r[col])))),
      /** Per sample cell: left out of the copy (Art. 15(4)). */
      sampleWithheld: c.rows.slice(0, SAMPLE).map((_, i) => columns.map((col) => (c.withheld ?? []).some((w) => w.row === i && (w.column === undefined || w.column === col)))),
      leftOut: withoutWithheld(c.rows, c.withheld).leftOut,
    }
  })
  return {
    reference: request.reference,
    type: request.type,
    closed: request.closed,
    identityChecked: !!request.identityVerifiedAt || !!request.identityOverriddenAt,
    categories: org.profile.register.dataCategories.map((c) => ({ key: c.key, name: name(c.key) })),
    entries,
    withholdReasons: WITHHOLD_REASONS,
    connectors: org.profile.connectors.map((c, index) => ({ index, kind: c.kind, categories: (c.kind === 'sqlite' ? c.queries.map((x) => x.category) : c.categories).map(name) })),
  }
}
