import { latencies, timeToFirstByte } from '../lib/http'
import { officerCookie } from '../lib/officer'
import { treeRssMb } from '../lib/processes'
import { busiestOrganisation, failedRow, startBaseline, startPortal, withLoad, withServers, type BenchCase, type BenchContext } from '../lib/context'
import { stats } from '../lib/stats'
import type { Row } from '../lib/table'

// The queue's CSV export of the big organisation (its whole open queue, as the
// officer's filter gives it): time to the first byte, and how much the
// server's memory (every process of it) grows on the first export of a fresh
// server, at 1M and at 1k. The time's baseline is the one-page app's first
// byte, interleaved.

const EXPORT = '/en/officer/queue/export'

async function firstExport(ctx: BenchContext, db: string, headers: Record<string, string>) {
  return withServers({ portal: () => startPortal(ctx, db, { fresh: true }) }, async ({ portal }) => {
    await latencies(portal.url + '/en/officer/queue', 1, headers)
    const before = treeRssMb(portal.pid)
    const reply = await timeToFirstByte(portal.url + EXPORT, headers)
    if (reply.status !== 200) throw new Error(`${EXPORT}: ${reply.status}`)
    return { ...reply, growthMb: treeRssMb(portal.pid) - before }
  })
}

export const csvExport: BenchCase = {
  name: 'csv-export',
  async run(ctx) {
    try {
      const large = { Cookie: officerCookie(ctx.env, ctx.db.large, busiestOrganisation(ctx.db.large).id) }
      const small = ctx.db.small === ctx.db.large ? large : { Cookie: officerCookie(ctx.env, ctx.db.small, busiestOrganisation(ctx.db.small).id) }
      return await withLoad(() =>
        withServers({ onePage: () => startBaseline(ctx, 'one-page') }, async ({ onePage }) => {
          const s = { ttfb: [] as number[], base: [] as number[], growth: [] as number[], growthSmall: [] as number[], bytes: 0, chunked: true }
          for (let i = 0; i < ctx.repeats; i++) {
            const l = await firstExport(ctx, ctx.db.large, large)
            s.ttfb.push(l.firstByteMs)
            s.growth.push(l.growthMb)
            s.bytes = l.bytes
            s.chunked &&= l.chunked
            s.base.push((await timeToFirstByte(onePage.url + '/')).firstByteMs)
            // A smoke run has one database: its figure is the baseline too.
            s.growthSmall.push(ctx.db.small === ctx.db.large ? l.growthMb : (await firstExport(ctx, ctx.db.small, small)).growthMb)
          }
          const note = `${Math.round(s.bytes / 1024)} KB`
          const rows: Row[] = [
            { case: 'csv-export', figure: `queue CSV export at ${ctx.label.large}, time to first byte`, unit: 'ms', portal: stats(s.ttfb), baseline: stats(s.base), baselineName: 'one-page app', targets: [{ on: 'value', op: '<', limit: 200 }], checks: [{ what: 'not streamed (no chunked transfer)', ok: s.chunked, target: true }], note },
            { case: 'csv-export', figure: `queue CSV export at ${ctx.label.large}, server memory growth on the first export`, unit: 'MB', portal: stats(s.growth), baseline: stats(s.growthSmall), baselineName: `same at ${ctx.label.small}`, targets: [{ on: 'value', op: '<', limit: 50 }] },
          ]
          return rows
        }),
      )
    } catch (error) {
      return [failedRow('csv-export', 'queue CSV export', 'ms', error)]
    }
  },
}
