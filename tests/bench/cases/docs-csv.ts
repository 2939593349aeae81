import { execFileSync } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import { desc, eq, count } from 'drizzle-orm'
import { openDatabase, type DB } from '#db/client.server'
import { organisations, requests, users, type Organisation } from '#db/schema'
import { orgMembers, parseQueueFilters, queueExportRows } from '~/data/officer-requests.server'
import { csvDate, csvDateTime, csvText } from '~/documents/csv'
import { EXPORT_MAX, queueCsvParts } from '~/domain/queue-view.server'
import { fixedT } from '~/i18n/i18n'
import { resetEnv } from '~/utils/env.server'
import { ROLES, type Language } from '~/vocabulary'

// The queue's CSV export on a generated database (tests/bench/generate.ts),
// in this process: the streamed export (queueCsvParts, as the route sends
// it) against the export as it was built before, whole (one query of up to
// EXPORT_MAX rows, one string), interleaved, on the biggest organisation's
// default view. Also the peak memory of each, in a fresh process. The
// environment must hold the database's keys (BENCH_ENV of tests/bench/keys.ts).
//
//   DATA_KEYS=… INDEX_KEY=… npx tsx tests/bench/cases/docs-csv.ts /work/bench-data/1m.sqlite [search]

export type CsvBench = {
  rows: number
  bytes: number
  identical: boolean
  /** Time to the first part (header and first batch): what the first byte waits for. */
  streamedFirstMs: number
  streamedTotalMs: number
  /** The longest the event loop is held by the export at once: the slowest part. */
  streamedLongestPartMs: number
  parts: number
  wholeMs: number
  firstByteRatio: number
  streamedPeakRssMb?: number
  wholePeakRssMb?: number
  idlePeakRssMb?: number
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!

/** The export as it was built before it was streamed: every row at once, then the whole file as one string. */
function wholeCsv(db: DB, q: { org: Organisation; userId: number; search: string; lang: Language; now: Date }): string {
  const t = fixedT(q.lang, ['officer', 'request'])
  const names = new Map(orgMembers(db, q.org.id, ROLES).map((m) => [m.id, m.name]))
  const tz = q.org.timeZone
  const rows = queueExportRows(db, { orgId: q.org.id, userId: q.userId, now: q.now, filters: parseQueueFilters(new URLSearchParams(q.search)), max: EXPORT_MAX })
  const header = ['reference', 'person', 'email', 'type', 'status', 'outcome', 'received', 'legalDeadline', 'target', 'closed', 'lastActivity', 'assignee', 'timeZone'].map((k) => t(`queue.csv.${k}`))
  return csvText(
    header,
    rows.map((r) => {
      const received = r.status !== 'unverified'
      return [
        r.reference,
        r.subjectName,
        r.subjectEmail,
        t(`request:types.${r.type}.name`),
        t(`statusName.${r.status}`),
        r.outcome ? t(`outcome.${r.outcome}`) : '',
        received ? csvDateTime(r.receivedAt, tz) : '',
        received ? csvDate(r.dueAt, tz) : '',
        received ? csvDate(r.slaDueAt, tz) : '',
        r.closedAt ? csvDateTime(r.closedAt, tz) : '',
        csvDateTime(r.lastActivityAt, tz),
        r.assigneeId ? (names.get(r.assigneeId) ?? '') : '',
        tz,
      ]
    }),
  )
}

function context(file: string, search: string) {
  resetEnv()
  const db = openDatabase(file)
  const biggest = db.select({ orgId: requests.orgId, n: count() }).from(requests).groupBy(requests.orgId).orderBy(desc(count())).limit(1).get()!
  const org = db.select().from(organisations).where(eq(organisations.id, biggest.orgId)).get()!
  const user = db.select({ id: users.id }).from(users).where(eq(users.orgId, org.id)).limit(1).get()!
  return { db, q: { org, userId: user.id, search, lang: 'en' as Language, now: new Date() } }
}

function streamed(c: ReturnType<typeof context>) {
  const started = performance.now()
  const parts = queueCsvParts(c.db, { org: c.q.org, user: { id: c.q.userId }, filters: parseQueueFilters(new URLSearchParams(c.q.search)), lang: c.q.lang, now: c.q.now })
  let first = 0
  let longest = 0
  let count = 0
  const text: string[] = []
  for (;;) {
    const before = performance.now()
    const next = parts.next()
    const took = performance.now() - before
    if (next.done) break
    if (count === 0) first = performance.now() - started
    longest = Math.max(longest, took)
    count++
    text.push(next.value)
  }
  return { first, total: performance.now() - started, longest, count, text: text.join('') }
}

export function benchCsvExport(file: string, opts: { search?: string; runs?: number; memory?: boolean } = {}): CsvBench {
  const c = context(file, opts.search ?? '')
  streamed(c)
  wholeCsv(c.db, c.q)
  const first: number[] = []
  const total: number[] = []
  const longest: number[] = []
  const whole: number[] = []
  let last = { text: '', count: 0 }
  let wholeText = ''
  for (let i = 0; i < (opts.runs ?? 3); i++) {
    const s = streamed(c)
    const started = performance.now()
    wholeText = wholeCsv(c.db, c.q)
    whole.push(performance.now() - started)
    first.push(s.first)
    total.push(s.total)
    longest.push(s.longest)
    last = s
  }
  c.db.$client.close()
  const result: CsvBench = {
    rows: wholeText.split('\r\n').length - 2,
    bytes: Buffer.byteLength(last.text),
    identical: last.text === wholeText,
    streamedFirstMs: median(first),
    streamedTotalMs: median(total),
    streamedLongestPartMs: median(longest),
    parts: last.count,
    wholeMs: median(whole),
    firstByteRatio: median(first) / median(whole),
  }
  if (opts.memory !== false) {
    result.idlePeakRssMb = peakRss(file, 'idle', opts.search ?? '')
    result.streamedPeakRssMb = peakRss(file, 'streamed', opts.search ?? '')
    result.wholePeakRssMb = peakRss(file, 'whole', opts.search ?? '')
  }
  return result
}

/** Peak resident memory (MB) of a fresh process that opens the database and makes the export once (streamed: part by part, each let go). */
function peakRss(file: string, what: 'idle' | 'streamed' | 'whole', search: string): number {
  const out = execFileSync(process.execPath, [...process.execArgv, fileURLToPath(import.meta.url), '--peak', what, file, search], { encoding: 'utf8' })
  return Number(out.trim().split('\n').at(-1))
}

const args = process.argv.slice(2)
if (process.argv[1] === fileURLToPath(import.meta.url)) {
  if (args[0] === '--peak') {
    const c = context(args[2]!, args[3] ?? '')
    if (args[1] === 'whole') wholeCsv(c.db, c.q)
    if (args[1] === 'streamed') for (const part of queueCsvParts(c.db, { org: c.q.org, user: { id: c.q.userId }, filters: parseQueueFilters(new URLSearchParams(c.q.search)), lang: c.q.lang, now: c.q.now })) void part
    console.log((process.resourceUsage().maxRSS / 1024).toFixed(1))
  } else {
    console.log(JSON.stringify(benchCsvExport(args[0]!, { search: args[1] ?? '' }), null, 1))
  }
}
