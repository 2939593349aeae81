import { sql } from 'drizzle-orm'
import { DateTime } from 'luxon'
import { and, eq, inArray } from 'drizzle-orm'
import { write, type DB, type Tx } from '#db/client.server'
import { dashboardMonths, requestFigures, requests } from '#db/schema'
import { REQUEST_STATUSES, REQUEST_TYPES, type RequestStatus, type RequestType } from '~/vocabulary'
import { nowMs } from '~/utils/clock'

// The figures of an organisation's dashboard: per local month, kept in
// dashboard_months once counted (see dashboardStats), so a view reads a
// dozen small rows and the open requests, not the year's requests.

const DAY = 86_400_000

export type MonthStats = {
  /** 'YYYY-MM', the month of receipt in the organisation's time zone. */
  month: string
  /** First instant of that local month. */
  start: Date
  received: number
  /** Completed or refused: the requests that got an answer (Art. 12(3) and 12(4)). */
  answered: number
  /** Answered no later than the legal deadline (with any extension). */
  onTime: number
  /** onTime / answered; null while nothing is answered. */
  onTimeShare: number | null
  /** Median time from receipt to answer, in days with one decimal; null while nothing is answered. */
  medianDays: number | null
  /** Still open although the legal deadline has passed: late answers not yet in `answered`. */
  openOverdue: number
}

export type DashboardStats = {
  /** The period: from the start of the first month to the end of the current one. */
  from: Date
  to: Date
  months: MonthStats[]
  total: Omit<MonthStats, 'month' | 'start'>
  /** Requests received in the period, by their current status and by type. */
  byStatus: Record<RequestStatus, number>
  byType: Record<RequestType, number>
}

/** What the dashboard keeps of one month of requests not purged (dashboard_months): everything but what changes with the clock. */
type MonthFigures = {
  received: number
  answered: number
  onTime: number
  byStatus: Partial<Record<RequestStatus, number>>
  byType: Partial<Record<RequestType, number>>
  /** Days from receipt to answer, in tenths: [tenths, count]. */
  tenths: Array<[number, number]>
}

/**
 * Requests an organisation received in the last `months` calendar months
 * (the current one included): by status, by type, and per month.
 *
 * Months are the organisation's local months, not UTC ones: the month
 * boundaries are computed here with the time zone (DST included), so a
 * request received at 00:30 on the 1st in Copenhagen counts in that month.
 *
 * Each month's figures come from dashboard_months when it holds them, and
 * are otherwise counted from the rows (through requests_period_idx, which
 * covers them) and kept there; triggers on requests drop a month as soon as
 * a request received in it changes. Only "open past the deadline" changes
 * with the clock alone: it is counted live, from the open requests. Purged
 * requests are counted from request_figures (docs/decisions/025).
 *
 * At a million requests (230,000 in the year of the largest organisation)
 * counting the year from the rows took 1.4 s through (org_id, received_at),
 * opening every row, and about 0.3 s of CPU from the covering index alone;
 * from the kept months it reads twelve small rows and the open requests.
 */
export function dashboardStats(db: DB, q: { orgId: number; months?: number; timeZone: string }): DashboardStats {
  const count = Math.max(1, Math.min(Math.trunc(q.months ?? 12), 36))
  const at = nowMs()
  const current = DateTime.fromMillis(at, { zone: q.timeZone }).startOf('month')
  if (!current.isValid) throw new RangeError(`Unknown time zone: ${q.timeZone}`)
  const starts = Array.from({ length: count + 1 }, (_, i) => current.minus({ months: count - 1 - i }))
  const bounds = starts.map((s) => s.toMillis())
  const keys = starts.slice(0, count).map((s) => s.toFormat('yyyy-MM'))
  const from = bounds[0]!
  const to = bounds[count]!

  const figures = monthFigures(db, q.orgId, bounds)

  // Latest month first, so each WHEN only has to test the lower bound.
  const month = sql`case ${sql.join(keys.map((key, i) => sql`when ${requests.receivedAt} >= ${bounds[i]!} then ${key}`).reverse(), sql` `)} end`
  // Open and received, past the legal deadline: an open request is never purged. Read from requests_due_idx alone.
  const overdue = db.all<{ month: string; n: number }>(sql`
    select ${month} as month, count(*) as n from ${requests}
    where ${requests.orgId} = ${q.orgId} and ${requests.closed} = 0 and ${requests.dueAt} < ${at} and ${requests.status} != 'unverified'
      and ${requests.receivedAt} >= ${from} and ${requests.receivedAt} < ${to}
    group by 1
  `)

  const kept = db.all<{ month: string; status: RequestStatus; type: RequestType; tenths: number; n: number; onTime: number }>(sql`
    select ${requestFigures.month} as month, ${requestFigures.status} as status, ${requestFigures.type} as type, ${requestFigures.tenths} as tenths, ${requestFigures.n} as n, ${requestFigures.onTime} as onTime
    from ${requestFigures}
    where ${requestFigures.orgId} = ${q.orgId} and ${requestFigures.month} in (${sql.join(keys.map((k) => sql`${k}`), sql`, `)})
  `)

  const monthly = new Map(keys.map((key, i) => [key, { month: key, start: new Date(bounds[i]!), ...emptyFigures() }]))
  const total = emptyFigures()
  const byStatus = Object.fromEntries(REQUEST_STATUSES.map((s) => [s, 0])) as Record<RequestStatus, number>
  const byType = Object.fromEntries(REQUEST_TYPES.map((t) => [t, 0])) as Record<RequestType, number>
  const histograms = new Map<string, Map<number, number>>()
  const addTenths = (key: string, tenths: number, n: number) => {
    for (const k of [key, '']) {
      const histogram = histograms.get(k) ?? new Map<number, number>()
      histogram.set(tenths, (histogram.get(tenths) ?? 0) + n)
      histograms.set(k, histogram)
    }
  }
  const add = (key: string, f: { received: number; answered: number; onTime: number; openOverdue: number }) => {
    for (const target of [monthly.get(key), total]) {
      if (!target) continue
      target.received += f.received
      target.answered += f.answered
      target.onTime += f.onTime
      target.openOverdue += f.openOverdue
    }
  }
  keys.forEach((key, i) => {
    const f = figures[i]!
    add(key, { received: f.received, answered: f.answered, onTime: f.onTime, openOverdue: 0 })
    for (const [s, n] of Object.entries(f.byStatus)) byStatus[s as RequestStatus] += n
    for (const [t, n] of Object.entries(f.byType)) byType[t as RequestType] += n
    for (const [tenths, n] of f.tenths) addTenths(key, tenths, n)
  })
  for (const o of overdue) add(o.month, { received: 0, answered: 0, onTime: 0, openOverdue: o.n })
  for (const k of kept) {
    const answered = k.status === 'completed' || k.status === 'refused' ? k.n : 0
    add(k.month, { received: k.n, answered, onTime: k.onTime, openOverdue: 0 })
    byStatus[k.status] += k.n
    byType[k.type] += k.n
    if (k.tenths >= 0) addTenths(k.month, k.tenths, k.n)
  }

  const medians = new Map([...histograms].map(([key, histogram]) => [key, Math.round(median(histogram)) / 10]))
  for (const f of monthly.values()) {
    f.onTimeShare = share(f.onTime, f.answered)
    f.medianDays = medians.get(f.month) ?? null
  }
  total.onTimeShare = share(total.onTime, total.answered)
  total.medianDays = medians.get('') ?? null

  return { from: new Date(from), to: new Date(to), months: [...monthly.values()], total, byStatus, byType }
}

/**
 * The figures of each month [bounds[i], bounds[i + 1]): those kept in
 * dashboard_months, the others counted now and kept. Counting and keeping
 * happen in one write transaction, so no request can change in between (the
 * triggers would have nothing to drop yet).
 */
function monthFigures(db: DB, orgId: number, bounds: number[]): MonthFigures[] {
  const starts = bounds.slice(0, -1)
  const read = () => {
    const rows = db.select().from(dashboardMonths).where(and(eq(dashboardMonths.orgId, orgId), inArray(dashboardMonths.startAt, starts))).all()
    const byStart = new Map(rows.map((r) => [r.startAt, r]))
    return starts.map((start, i) => {
      const row = byStart.get(start)
      return row && row.endAt === bounds[i + 1] ? (JSON.parse(row.figures) as MonthFigures) : undefined
    })
  }
  const found = read()
  if (found.every((f) => f !== undefined)) return found as MonthFigures[]
  return write(db, (tx) =>
    read().map((f, i) => {
      if (f) return f
      const counted = countMonth(tx, orgId, bounds[i]!, bounds[i + 1]!)
      tx.insert(dashboardMonths)
        .values({ orgId, startAt: bounds[i]!, endAt: bounds[i + 1]!, figures: JSON.stringify(counted) })
        .onConflictDoUpdate({ target: [dashboardMonths.orgId, dashboardMonths.startAt], set: { endAt: bounds[i + 1]!, figures: JSON.stringify(counted) } })
        .run()
      return counted
    }),
  )
}

/**
 * One month counted from its rows, through requests_period_idx alone (it
 * holds every column read here, for the rows not purged). The histogram of
 * days to answer, in tenths of a day, is a few hundred rows at most however
 * many requests there are; rounding is monotone, so the middle bucket holds
 * the rounded middle value: the median is exact to the tenth the dashboard shows.
 */
function countMonth(db: DB | Tx, orgId: number, start: number, end: number): MonthFigures {
  const inMonth = sql`${requests.orgId} = ${orgId} and ${requests.receivedAt} >= ${start} and ${requests.receivedAt} < ${end} and ${requests.purgedAt} is null`
  const rows = db.all<{ status: RequestStatus; type: RequestType; n: number; onTime: number }>(sql`
    select ${requests.status} as status, ${requests.type} as type, count(*) as n,
      coalesce(sum(${requests.status} in ('completed', 'refused') and ${requests.closedAt} <= ${requests.dueAt}), 0) as onTime
    from ${requests} where ${inMonth}
    group by 1, 2
  `)
  // The unary + keeps SQLite on requests_period_idx (which covers this query) rather than the status index (which does not).
  const tenths = db.all<{ tenths: number; n: number }>(sql`
    select cast(round((${requests.closedAt} - ${requests.receivedAt}) * 1.0 / ${DAY / 10}) as integer) as tenths, count(*) as n
    from ${requests}
    where ${inMonth} and +${requests.status} in ('completed', 'refused') and ${requests.closedAt} is not null
    group by 1
  `)
  const f: MonthFigures = { received: 0, answered: 0, onTime: 0, byStatus: {}, byType: {}, tenths: tenths.map((t) => [t.tenths, t.n]) }
  for (const r of rows) {
    f.received += r.n
    if (r.status === 'completed' || r.status === 'refused') f.answered += r.n
    f.onTime += r.onTime
    f.byStatus[r.status] = (f.byStatus[r.status] ?? 0) + r.n
    f.byType[r.type] = (f.byType[r.type] ?? 0) + r.n
  }
  return f
}

/** The median of a histogram (value → count): the middle value, or the mean of the two middle ones. */
function median(histogram: Map<number, number>): number {
  const buckets = [...histogram].sort(([a], [b]) => a - b)
  const n = buckets.reduce((sum, [, count]) => sum + count, 0)
  const valueAt = (position: number) => {
    let seen = 0
    for (const [value, count] of buckets) {
      seen += count
      if (position < seen) return value
    }
    return buckets[buckets.length - 1]![0]
  }
  return (valueAt(Math.floor((n - 1) / 2)) + valueAt(Math.floor(n / 2))) / 2
}

function emptyFigures(): Omit<MonthStats, 'month' | 'start'> {
  return { received: 0, answered: 0, onTime: 0, onTimeShare: null, medianDays: null, openOverdue: 0 }
}

function share(part: number, whole: number): number | null {
  return whole === 0 ? null : part / whole
}
