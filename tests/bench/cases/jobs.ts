import Database from 'better-sqlite3'
import { runChild, type ChildResult } from '../lib/child'
import { failedRow, withLoad, type BenchCase, type BenchContext } from '../lib/context'
import { stats } from '../lib/stats'
import type { Row } from '../lib/table'

// The portal's jobs on the big database, each in a process of its own, timed
// inside it: the daily digest for every organisation, the purge when nothing
// is due, verify-audit over every entry, and verify-audit from the last
// verified anchor. Their yardsticks, interleaved: counting every request, and
// reading every audit entry, with raw SQLite.

/** The child task that checks the audit trail from the last verified anchor (tests/bench/child.ts). */
export const INCREMENTAL_VERIFY_TASK = 'verify-audit-incremental'

/** The yardsticks, raw SQLite in this process (no memory figure is taken of them). */
function yardstick(file: string, which: 'count-requests' | 'read-events'): ChildResult {
  const db = new Database(file, { readonly: true, fileMustExist: true })
  try {
    const t = performance.now()
    let n = 0
    if (which === 'count-requests') n = db.prepare('select count(*) from requests').pluck().get() as number
    else for (const _ of db.prepare('select * from events order by id').iterate()) n++
    return { ms: performance.now() - t, peakMb: 0, count: n }
  } finally {
    db.close()
  }
}

/** The most requests the unmeasured first purge erases: more than that due means the database is not one where "nothing is due". */
const WARM_UP_PURGE = 5000

async function timed(ctx: BenchContext, repeats: number, portal: (i: number) => Promise<ChildResult>, yardstick: () => Promise<ChildResult>) {
  const a: ChildResult[] = []
  const b: ChildResult[] = []
  for (let i = 0; i < repeats; i++) {
    a.push(await portal(i))
    b.push(await yardstick())
  }
  return { portal: stats(a.map((r) => r.ms)), yardstick: stats(b.map((r) => r.ms)), last: a.at(-1)!, all: a }
}

export const jobs: BenchCase = {
  name: 'jobs',
  async run(ctx) {
    const db = ctx.db.large
    const L = ctx.label.large
    const count = async () => yardstick(db, 'count-requests')
    const read = async () => yardstick(db, 'read-events')
    return withLoad(async () => {
      const rows: Row[] = []
      try {
        const r = await timed(ctx, ctx.repeats, (i) => runChild('digest', { db, day: i + 1 }, ctx), count)
        const failed = r.all.reduce((n, x) => n + Number(x.failed), 0)
        rows.push({ case: 'jobs', figure: `daily digest at ${L}, every organisation, in process`, unit: 'ms', portal: r.portal, baseline: r.yardstick, baselineName: 'count(*) of requests', targets: [{ on: 'value', op: '<', limit: 2000 }], checks: [{ what: `${failed} organisations' digests failed`, ok: failed === 0 }], note: `${r.last.sent}/${r.last.organisations} sent` })
      } catch (error) {
        rows.push(failedRow('jobs', `daily digest at ${L}`, 'ms', error))
      }
      try {
        // First what the daily purge would have erased by now (at most WARM_UP_PURGE requests, unmeasured): then nothing is due.
        const warmUp = await runChild('purge', { db, max: WARM_UP_PURGE }, ctx)
        // Bounded too: a database where much is still due would otherwise be purged for hours.
        const r = await timed(ctx, ctx.repeats, () => runChild('purge', { db, max: WARM_UP_PURGE }, ctx), count)
        const purged = r.all.reduce((n, x) => n + Number(x.purged), 0)
        rows.push({
          case: 'jobs',
          figure: `purge when nothing is due, at ${L}`,
          unit: 'ms',
          portal: r.portal,
          baseline: r.yardstick,
          baselineName: 'count(*) of requests',
          targets: [{ on: 'value', op: '<', limit: 2000 }],
          checks: [{ what: `requests still due after the first purge: ${purged} purged in the measured runs`, ok: purged === 0, target: true }],
          note: `the first, unmeasured purge erased ${warmUp.purged} requests in ${Math.round(warmUp.ms)} ms`,
        })
      } catch (error) {
        rows.push(failedRow('jobs', `purge when nothing is due, at ${L}`, 'ms', error))
      }
      try {
        const r = await timed(ctx, ctx.repeats, () => runChild('verify-audit', { db }, ctx), read)
        rows.push({ case: 'jobs', figure: `verify-audit, every entry, at ${L}`, unit: 'ms', portal: r.portal, baseline: r.yardstick, baselineName: 'raw read of every entry', targets: [], checks: [{ what: 'the chain does not verify', ok: r.all.every((x) => x.ok === true) }], note: `${r.last.checked} entries` })
        const inc = await timed(ctx, ctx.repeats, () => runChild(INCREMENTAL_VERIFY_TASK, { db }, ctx), read)
        rows.push({
          case: 'jobs',
          figure: `verify-audit from the last verified anchor, at ${L}`,
          unit: 'ms',
          portal: inc.portal,
          baseline: inc.yardstick,
          baselineName: 'raw read of every entry',
          targets: [{ on: 'value', op: '<', limit: 2000 }],
          checks: [{ what: 'the chain does not verify', ok: inc.all.every((x) => x.ok === true) }],
          note: `${inc.last.checked} entries after the checkpoint`,
        })
      } catch (error) {
        rows.push(failedRow('jobs', `verify-audit at ${L}`, 'ms', error))
      }
      return rows
    })
  },
}
