import { eq } from 'drizzle-orm'
import { afterAll, beforeAll, expect, test } from 'vitest'
import { getDb, type DB } from '#db/client.server'
import { organisations, type Organisation } from '#db/schema'
import { AnswerInvalidError, prepareAnswer } from '~/domain/answers.server'
import { verifyIdentity } from '~/domain/requests.server'
import { resetClock, setClock } from '~/utils/clock'
import { createOfficer } from './support/officers'
import { loadDemoOrganisations, newRequest } from './support/requests'

// A reasonable fee (Art. 12(5)(a)) is what an organisation may charge instead of
// refusing a manifestly unfounded or excessive request: a partly granted answer
// may name it, a refusal cannot rest on it.

let db: DB
let org: Organisation
let officerId: number

beforeAll(() => {
  setClock('2026-02-10T09:00:00Z')
  db = getDb()
  const demo = loadDemoOrganisations(db)['fjordkanten-dyreklinikk']!
  const profile = { ...demo.profile, reasonableFee: Object.fromEntries(demo.profile.languages.map((l) => [l, 'NOK 200'])) }
  db.update(organisations).set({ profile }).where(eq(organisations.id, demo.id)).run()
  org = { ...demo, profile }
  officerId = createOfficer(db, { orgId: org.id }).id
})
afterAll(() => resetClock())

test('the fee may be named in a partly granted answer, and a refusal resting on it is refused with its reason', async () => {
  const { request } = await newRequest(db, org, { type: 'access', language: 'no' })
  const act = { orgId: org.id, requestId: request.id, officerId }
  verifyIdentity(db, { ...act, method: 'known_customer_details' })
  const refusal = () => prepareAnswer(db, { ...act, outcome: 'refused', grounds: ['excessive', 'fee'], reasons: 'Tredje kopi på en uke.' })
  expect(refusal).toThrow(AnswerInvalidError)
  expect(refusal).toThrow('feeIsNotRefusal')
  expect(() => prepareAnswer(db, { ...act, outcome: 'partly_granted', grounds: ['fee'], reasons: 'Kopien koster NOK 200.' })).not.toThrow()
})
