import { latencies } from '../lib/http'
import { officerCookie } from '../lib/officer'
import { busiestOrganisation, failedRow, startBaseline, startPortal, withLoad, withServers, type BenchCase } from '../lib/context'
import { interleaved, p95 } from '../lib/stats'
import type { Row, Target } from '../lib/table'

// The officers' views of the big organisation, p95 of `samples` requests one
// after another: the queue's first page, a search by a common name word, the
// dashboard, each at 1M interleaved with the same view at 1k (the target: at
// most 2× the 1k figure), and the queue at 1k against the one-page app.

/** A surname many of the generated people share (tests/bench/generate-names.ts: common in Denmark and Norway). */
export const COMMON_NAME_WORD = 'Hansen'

const VIEWS = [
  { figure: 'officer queue, first page, p95', path: '/en/officer/queue', max: 50, maxRatio: 2 },
  { figure: `queue search by a common name word ("${COMMON_NAME_WORD}"), p95`, path: `/en/officer/queue?q=${COMMON_NAME_WORD}`, max: 50, maxRatio: 2 },
  { figure: 'dashboard, p95', path: '/en/officer/dashboard', max: 200, maxRatio: null },
]

export const officerViews: BenchCase = {
  name: 'officer-views',
  async run(ctx) {
    const cookie = (db: string) => ({ Cookie: officerCookie(ctx.env, db, busiestOrganisation(db).id) })
    // A smoke run has one database: each view is measured against the one-page app only.
    const one = ctx.db.small === ctx.db.large
    const large = cookie(ctx.db.large)
    const small = one ? large : cookie(ctx.db.small)
    return withLoad(() =>
      withServers({ large: () => startPortal(ctx, ctx.db.large), small: () => startPortal(ctx, ctx.db.small), onePage: () => startBaseline(ctx, 'one-page') }, async (s) => {
        const rows: Row[] = []
        for (const view of VIEWS) {
          try {
            // One request first, unmeasured: the first page of a fresh server compiles and warms its caches.
            await latencies(s.large.url + view.path, 1, large)
            if (!one) await latencies(s.small.url + view.path, 1, small)
            const withOnePage = one || view === VIEWS[0]
            const runs: Partial<Record<'large' | 'small' | 'onePage', () => Promise<number>>> = { large: async () => p95(await latencies(s.large.url + view.path, ctx.samples, large)) }
            if (!one) runs.small = async () => p95(await latencies(s.small.url + view.path, ctx.samples, small))
            if (withOnePage) runs.onePage = async () => p95(await latencies(s.onePage.url + '/', ctx.samples))
            const r = await interleaved(ctx.repeats, runs as Record<'large' | 'small' | 'onePage', () => Promise<number>>)
            const targets: Target[] = [{ on: 'value', op: '<', limit: view.max }]
            if (one) {
              rows.push({ case: 'officer-views', figure: `${view.figure} at ${ctx.label.large}`, unit: 'ms', portal: r.large, baseline: r.onePage, baselineName: 'one-page app', targets })
              continue
            }
            rows.push({
              case: 'officer-views',
              figure: `${view.figure} at ${ctx.label.large}`,
              unit: 'ms',
              portal: r.large,
              baseline: r.small,
              baselineName: `same view at ${ctx.label.small}`,
              targets: [...targets, ...(view.maxRatio ? [{ on: 'ratio' as const, op: '<=' as const, limit: view.maxRatio }] : [])],
            })
            if (withOnePage) rows.push({ case: 'officer-views', figure: `${view.figure} at ${ctx.label.small}`, unit: 'ms', portal: r.small, baseline: r.onePage, baselineName: 'one-page app', targets })
          } catch (error) {
            rows.push(failedRow('officer-views', view.figure, 'ms', error))
          }
        }
        return rows
      }),
    )
  },
}
