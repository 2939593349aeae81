import fs from 'node:fs'
import { afterAll, beforeAll, expect, test } from 'vitest'
import { getDb, type DB } from '#db/client.server'
import type { Organisation, Request } from '#db/schema'
import { writeDraftRow } from '~/data/drafts.server'
import { acceptCollected, prepareAnswer, sendAnswer, sendDownloadLink, stageUpload } from '~/domain/answers.server'
import { addNote, askForInformation, extendRequest, overrideIdentity, replyFromSubject, sendMessage } from '~/domain/requests.server'
import { requestPasswordReset } from '~/domain/passwords.server'
import { totpCode } from '~/domain/totp.server'
import { resetClock, setClock } from '~/utils/clock'
import { deliverAll, linkIn, tokenOf } from './support/mail'
import { createOfficer } from './support/officers'
import { loadDemoOrganisations, newRequest, reloadRequest } from './support/requests'

// What a copy of the database file gives away: nothing personal and no key.
// A request is worked through every kind of text, then the raw bytes of the
// file and its WAL are searched for each secret.

let db: DB
let org: Organisation
const secrets = {
  name: 'Ingeborg Hemmeligsdóttir',
  email: 'ingeborg.hemmelig@private.example',
  phone: '+45 31 41 59 26',
  identifier: 'MEDLEM-975310',
  details: 'Min hemmelige begrundelse for sletning',
  question: 'HEMMELIGT-SPØRGSMÅL-om-medlemskab',
  reply: 'HEMMELIGT-SVAR-med-kørekort',
  message: 'HEMMELIG-BESKED-fra-kontoret',
  note: 'HEMMELIG-NOTE-kun-for-sagsbehandlere',
  extension: 'HEMMELIG-GRUND-til-forlængelse',
  override: 'HEMMELIG-GRUND-uden-identitet',
  answer: 'HEMMELIGT-SVAR-med-persondata',
  refusal: 'HEMMELIG-GRUND-til-afslag',
  collected: 'HEMMELIG-OPLYSNING-fra-CRM',
  draft: 'HEMMELIGT-UDKAST-Karl-Kladdesen',
  officerName: 'Oskar Skjultsen-Officer',
  officerEmail: 'oskar.skjult@officer.example',
} as const
const tokens: Record<string, string> = {}
let request: Request

function rawBytes(): Buffer {
  const file = process.env.DATABASE_PATH!
  return Buffer.concat([fs.readFileSync(file), ...(fs.existsSync(`${file}-wal`) ? [fs.readFileSync(`${file}-wal`)] : [])])
}

beforeAll(async () => {
  setClock('2026-05-04T08:00:00Z')
  db = getDb()
  org = loadDemoOrganisations(db)['dyrevaernsringen']!
  const officer = createOfficer(db, { orgId: org.id, name: secrets.officerName, email: secrets.officerEmail })
  tokens.totp = officer.totpSecret!
  const act = (r: Request) => ({ orgId: org.id, requestId: r.id, officerId: officer.id })

  const filed = await newRequest(db, org, {
    type: 'erasure',
    details: { type: 'erasure', what: 'Alt', why: secrets.details },
    name: secrets.name,
    email: secrets.email,
    phone: secrets.phone,
    identifiers: { memberNumber: secrets.identifier },
  })
  request = filed.request
  // The emailed links the person followed: minted when sent, never stored.
  tokens.confirm = tokenOf(linkIn(filed.mails.find((m) => m.template === 'confirm-email')!, 'http'))
  tokens.status = tokenOf(linkIn(filed.mails.find((m) => m.template === 'request-confirmed')!, 'http'))
  askForInformation(db, { ...act(request), topic: 'clarification', message: secrets.question })
  replyFromSubject(db, { requestId: request.id, message: secrets.reply })
  sendMessage(db, { ...act(request), message: secrets.message })
  addNote(db, { ...act(request), body: secrets.note })
  extendRequest(db, { ...act(request), months: 1, reason: secrets.extension })
  overrideIdentity(db, { ...act(request), reason: secrets.override })
  // Collected data, an answer with its reasons and documents (the letter holds the name), a download link.
  const staged = stageUpload(db, { ...act(request), filename: 'crm.csv', bytes: new TextEncoder().encode(`navn,note\r\n${secrets.name},${secrets.collected}\r\n`), category: 'caller-contact' })
  if (!staged.ok) throw new Error('upload not read')
  acceptCollected(db, { ...act(request), ids: staged.ids })
  prepareAnswer(db, { ...act(request), outcome: 'granted', reasons: secrets.answer, decisions: [{ category: 'caller-contact', action: 'erased' }] })
  await sendAnswer(db, act(request))
  await deliverAll(db)
  sendDownloadLink(db, reloadRequest(db, request))
  tokens.download = tokenOf(linkIn((await deliverAll(db)).find((m) => m.template === 'download-link')!, 'http'))
  const second = (await newRequest(db, org, { name: secrets.name, email: secrets.email })).request
  prepareAnswer(db, { ...act(second), outcome: 'refused', grounds: ['excessive'], reasons: secrets.refusal })
  await sendAnswer(db, act(second))
  writeDraftRow(db, 'draft-key-hash', org.id, { identity: { name: secrets.draft } })
  requestPasswordReset(db, { email: secrets.officerEmail, ip: null })
  const reset = (await deliverAll(db)).find((m) => m.template === 'password-reset')!
  tokens.reset = tokenOf(linkIn(reset, 'http'))
  // An email still waiting to go, with its address and its parameters in the outbox.
  const third = (await newRequest(db, org, { name: secrets.name, email: secrets.email })).request
  extendRequest(db, { ...act(third), months: 2, reason: `${secrets.extension} (venter)` })
})

afterAll(() => resetClock())

test('the raw file and its WAL hold none of the personal data, in any column of any table', () => {
  const raw = rawBytes()
  const found = Object.entries(secrets).filter(([, secret]) => raw.includes(Buffer.from(secret, 'utf8')) || raw.includes(Buffer.from(secret.toLowerCase(), 'utf8')))
  expect(found.map(([what]) => what)).toEqual([])
})

test('no link that was emailed, and no TOTP secret, can be read from the file', () => {
  const raw = rawBytes()
  for (const [what, token] of Object.entries(tokens)) expect(raw.includes(Buffer.from(token, 'utf8')), what).toBe(false)
  // And the secret does work: it is the real one, only sealed.
  expect(totpCode(tokens.totp!)).toMatch(/^\d{6}$/)
})

test('the events table holds facts only: none of the texts written on the request', () => {
  const rows = db.$client.prepare('select kind, data from events where request_id is not null').all() as Array<{ kind: string; data: string }>
  expect(rows.length).toBeGreaterThan(15)
  const all = rows.map((r) => r.data).join('\n')
  for (const [what, secret] of Object.entries(secrets)) expect(all.includes(secret), what).toBe(false)
  expect(all).not.toMatch(/HEMMELIG|private\.example/)
})
