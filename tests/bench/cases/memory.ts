import Database from 'better-sqlite3'
import { requestsPerSecond, latencies, timeToFirstByte } from '../lib/http'
import { officerCookie } from '../lib/officer'
import { treeRssMb } from '../lib/processes'
import { busiestOrganisation, failedRow, startBaseline, startPortal, withLoad, withServers, type BenchContext, type BenchCase } from '../lib/context'
import { stats } from '../lib/stats'
import type { Row } from '../lib/table'

// The resident memory of every process of the server (the start command and
// all it starts, summed over the process tree), on the big database, for a
// fresh server each repetition: idle, after page load (10 connections on the
// start and organisation pages), after many officer pages (queue pages and
// request pages), after exports. The baseline is the one-page app's tree,
// idle and after the same page load on its page.

const LIMIT_MB = 250

/** The queue as officers look at it: its orders, filters and searches. */
const QUEUE_VIEWS = ['', '?sort=received', '?sort=activity', '?overdue=1', '?pastTarget=1', '?assigned=me', '?q=Hansen', '?q=Jensen', '?q=Virtanen', '?unverified=1']

export const memory: BenchCase = {
  name: 'memory',
  async run(ctx) {
    try {
      const org = busiestOrganisation(ctx.db.large)
      const headers = { Cookie: officerCookie(ctx.env, ctx.db.large, org.id) }
      const requestIds = requestIdsOf(ctx, org.id)
      const officerPages = ctx.smoke ? 20 : 1100
      const exports = ctx.smoke ? 1 : 8
      const m = { idle: [] as number[], load: [] as number[], officer: [] as number[], exports: [] as number[], baseIdle: [] as number[], baseLoad: [] as number[] }
      return await withLoad(async () => {
        for (let i = 0; i < ctx.repeats; i++) {
          await withServers({ portal: () => startPortal(ctx, ctx.db.large, { fresh: true }) }, async ({ portal }) => {
            m.idle.push(treeRssMb(portal.pid))
            for (const p of ['/en', `/en/o/${org.slug}`]) await requestsPerSecond(portal.url + p, { seconds: ctx.seconds, amount: ctx.amount })
            m.load.push(treeRssMb(portal.pid))
            // Four officers at once, each page in turn a queue page or a request's page.
            let next = 0
            await Promise.all(
              Array.from({ length: 4 }, async () => {
                for (let n = next++; n < officerPages; n = next++) {
                  const path = n % 2 === 0 || requestIds.length === 0 ? `/en/officer/queue${QUEUE_VIEWS[(n / 2) % QUEUE_VIEWS.length]}` : `/en/officer/requests/${requestIds[n % requestIds.length]}`
                  await latencies(portal.url + path, 1, headers)
                }
              }),
            )
            m.officer.push(treeRssMb(portal.pid))
            for (let n = 0; n < exports; n++) await timeToFirstByte(portal.url + '/en/officer/queue/export', headers)
            m.exports.push(treeRssMb(portal.pid))
          })
          await withServers({ base: () => startBaseline(ctx, 'one-page', { fresh: true }) }, async ({ base }) => {
            m.baseIdle.push(treeRssMb(base.pid))
            await requestsPerSecond(base.url + '/', { seconds: 2 * ctx.seconds, amount: ctx.amount && 2 * ctx.amount })
            m.baseLoad.push(treeRssMb(base.pid))
          })
        }
        const row = (figure: string, samples: number[], base?: number[]): Row => ({
          case: 'memory',
          figure: `memory, all server processes, ${figure}`,
          unit: 'MB',
          portal: stats(samples),
          ...(base ? { baseline: stats(base), baselineName: 'one-page app' } : {}),
          targets: [{ on: 'value', op: '<', limit: LIMIT_MB }],
        })
        return [
          row('idle', m.idle, m.baseIdle),
          row('after page load', m.load, m.baseLoad),
          row(`after ${officerPages} officer pages`, m.officer),
          row(`after ${exports} export${exports === 1 ? '' : 's'}`, m.exports),
        ]
      })
    } catch (error) {
      return [failedRow('memory', 'memory, all server processes', 'MB', error)]
    }
  },
}

/** The organisation's latest 200 requests: the officer pages visited in turn. */
function requestIdsOf(ctx: BenchContext, orgId: number): number[] {
  const db = new Database(ctx.db.large, { readonly: true, fileMustExist: true })
  try {
    return db.prepare('select id from requests where org_id = ? order by id desc limit 200').pluck().all(orgId) as number[]
  } finally {
    db.close()
  }
}
