import { parse } from 'csv-parse/sync'
import { eq } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { organisations, type Organisation, type User } from '#db/schema'
import { parseQueueFilters, queuePage } from '~/data/officer-requests.server'
import { EXPORT_BATCH } from '~/data/queue-export.server'
import { fixedT } from '~/i18n/i18n'
import { seal } from '~/utils/crypto.server'
import { resetClock, setClock } from '~/utils/clock'
import { startApp, type TestApp } from './support/app'
import { createOfficer, signedInCookie } from './support/officers'
import { newRequest } from './support/requests'

// The queue's CSV export is written as it is read, a batch of rows at a time:
// a big one arrives whole, in the view's order, in more than one piece, and
// without a Content-Length (nothing knows the size before the end).

let app: TestApp
let org: Organisation
let officer: User
let cookie: string
const COPIES = 2_600
const names = ['Åse Ærø-Øster', '=SUM(A1:A2)', 'Person "Quoted", Oslo']

beforeAll(async () => {
  setClock('2026-03-10T09:00:00Z')
  app = await startApp()
  org = app.db.select().from(organisations).where(eq(organisations.slug, 'dyrevaernsringen')).get()!
  officer = createOfficer(app.db, { orgId: org.id, language: 'en' })
  cookie = signedInCookie(app.db, officer)
  // One request filed the real way, then copies of it with a few sealed names:
  // deadlines over a few days only, so that many rows tie on the sort key and the batches must page by id too.
  const { request } = await newRequest(app.db, org, { name: 'Åse Ærø-Øster', email: 'aase@example.com' })
  // In one statement, so that thousands cost well under a second: sealed values are bound to their column, not their row.
  const columns = (app.db.$client.prepare('select name from pragma_table_info(?)').all('requests') as Array<{ name: string }>).map((c) => c.name).filter((c) => c !== 'id')
  const value = (c: string) =>
    ({
      reference: `reference || '-' || n`,
      draft_key: 'null',
      subject_name: `case n % 3 ${names.map((_, i) => `when ${i} then ?`).join(' ')} end`,
      due_at: 'due_at + 86400000 * (n % 7)',
      received_at: 'received_at - 60000 * (n % 5)',
    })[c] ?? c
  app.db.$client
    .prepare(`with recursive copies(n) as (select 0 union all select n + 1 from copies where n + 1 < ?) insert into requests (${columns.join(', ')}) select ${columns.map(value).join(', ')} from requests, copies where id = ?`)
    .run(COPIES, ...names.map((n) => seal(n, 'requests.subject_name')), request.id)
})

afterAll(async () => {
  await app?.close()
  resetClock()
})

/** The body as the pieces that arrived, and whole. */
async function pieces(response: Response): Promise<{ chunks: Uint8Array[]; text: string }> {
  const reader = response.body!.getReader()
  const chunks: Uint8Array[] = []
  for (;;) {
    const { done, value } = await reader.read()
    if (done) break
    chunks.push(value)
  }
  return { chunks, text: Buffer.concat(chunks).toString('utf8') }
}

describe('a big queue export', () => {
  test.each(['', '?sort=received&dir=desc', '?sort=deadline&dir=asc&type=access'])('arrives complete, in the view’s order, streamed (%s)', async (search) => {
    const response = await fetch(`${app.url}/en/officer/queue/export${search}`, { headers: { Cookie: cookie } })
    expect(response.status).toBe(200)
    expect(response.headers.get('content-type')).toBe('text/csv; charset=utf-8')
    expect(response.headers.get('content-disposition')).toMatch(/^attachment; filename="requests-dyrevaernsringen-2026-03-10\.csv"$/)
    expect(response.headers.get('cache-control')).toBe('no-store')
    expect(response.headers.get('content-length')).toBeNull()
    expect(response.headers.get('transfer-encoding')).toBe('chunked')

    const { chunks, text } = await pieces(response)
    // Streamed: the first piece is a beginning of the file, not all of it.
    expect(chunks.length).toBeGreaterThan(1)
    expect(chunks[0]!.byteLength).toBeLessThan(Buffer.byteLength(text))
    expect(text.startsWith('\uFEFF')).toBe(true)

    // Exactly the rows of the view, in its order: the same as reading the view in one query.
    const t = fixedT('en', 'officer')
    const rows = parse(text.replace(/^\uFEFF/, ''), { columns: true }) as Array<Record<string, string>>
    const expected = queuePage(app.db, { orgId: org.id, userId: officer.id, now: new Date('2026-03-10T09:00:00Z'), filters: parseQueueFilters(new URLSearchParams(search)), limit: 10_000 }).rows
    expect(expected.length).toBeGreaterThan(COPIES)
    expect(expected.length).toBeGreaterThan(4 * EXPORT_BATCH)
    expect(rows.map((r) => r[t('queue.csv.reference')])).toEqual(expected.map((r) => r.reference))
    // Unsealed row by row, formula-looking text defused as before.
    const byReference = new Map(expected.map((r) => [r.reference, r]))
    expect(new Set(expected.map((r) => r.subjectName))).toEqual(new Set(names))
    for (const row of rows) {
      const name = byReference.get(row[t('queue.csv.reference')]!)!.subjectName
      expect(row[t('queue.csv.person')]).toBe(name.startsWith('=') ? `'${name}` : name)
      expect(row[t('queue.csv.email')]).toBe('aase@example.com')
    }
  })

  test('an export of an empty view is the header row alone', async () => {
    const response = await fetch(`${app.url}/en/officer/queue/export?status=awaiting_subject`, { headers: { Cookie: cookie } })
    expect(response.status).toBe(200)
    const text = Buffer.from(await response.arrayBuffer()).toString('utf8')
    expect(text.split('\r\n')).toHaveLength(2)
    expect(text.startsWith(`\uFEFF${fixedT('en', 'officer')('queue.csv.reference')},`)).toBe(true)
  })
})
