import { requestsPerSecond } from '../lib/http'
import { busiestOrganisation, failedRow, startBaseline, startPortal, withLoad, withServers, type BenchCase } from '../lib/context'
import { interleaved } from '../lib/stats'
import type { Row } from '../lib/table'

// Requests a second on the start page, an organisation's page and the first
// page of the form, 10 connections, against the stub route tree (the same
// URL) and the one-page app (its page), each run interleaved.

/** The target against the one-page app. */
const ONE_PAGE_RATIO = 0.5

export const pages: BenchCase = {
  name: 'pages',
  async run(ctx) {
    const org = busiestOrganisation(ctx.db.large)
    const paths = { 'start page': '/en', 'organisation page': `/en/o/${org.slug}`, 'first form page': `/en/o/${org.slug}/request/right` }
    return withLoad(() =>
      withServers({ portal: () => startPortal(ctx, ctx.db.large), stub: () => startBaseline(ctx, 'stub-tree'), onePage: () => startBaseline(ctx, 'one-page') }, async (s) => {
        const rows: Row[] = []
        for (const [page, p] of Object.entries(paths)) {
          try {
            const size = async (url: string) => `${((await (await fetch(url)).arrayBuffer()).byteLength / 1024).toFixed(1)} KB`
            const note = `page ${await size(s.portal.url + p)}, stub ${await size(s.stub.url + p)}`
            // Unmeasured first: each server's code for this page compiled and its caches warm, so no run measures the JIT.
            for (const url of [s.portal.url + p, s.stub.url + p, s.onePage.url + '/']) await requestsPerSecond(url, { seconds: ctx.smoke ? 0.2 : 1, amount: ctx.amount })
            const r = await interleaved(ctx.repeats, {
              portal: () => requestsPerSecond(s.portal.url + p, { seconds: ctx.seconds, amount: ctx.amount }),
              stub: () => requestsPerSecond(s.stub.url + p, { seconds: ctx.seconds, amount: ctx.amount }),
              onePage: () => requestsPerSecond(s.onePage.url + '/', { seconds: ctx.seconds, amount: ctx.amount }),
            })
            const stubRatio = r.stub.median / r.onePage.median
            rows.push(
              { case: 'pages', figure: `${page}, 10 connections, vs stub tree`, unit: 'req/s', portal: r.portal, baseline: r.stub, baselineName: 'stub tree', targets: [{ on: 'ratio', op: '>=', limit: 0.7 }], note },
              {
                case: 'pages',
                figure: `${page}, 10 connections, vs one-page app`,
                unit: 'req/s',
                portal: r.portal,
                baseline: r.onePage,
                baselineName: 'one-page app',
                targets: [{ on: 'ratio', op: '>=', limit: ONE_PAGE_RATIO }],
                // Remix's route matching alone (the stub tree: the portal's routes, no code of its own) falls short of it: docs/decisions/028.
                outOfReach: { proof: `the stub tree alone reaches ${stubRatio.toFixed(2)}×`, holds: stubRatio < ONE_PAGE_RATIO },
              },
            )
          } catch (error) {
            rows.push(failedRow('pages', `${page}, 10 connections`, 'req/s', error))
          }
        }
        return rows
      }),
    )
  },
}
