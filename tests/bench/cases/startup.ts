import { failedRow, startBaseline, startPortal, withLoad, type BenchCase } from '../lib/context'
import { interleaved } from '../lib/stats'

// From spawning the production start command to the first page served
// (polled every 5 ms), on the big database; the baseline is the one-page app
// started with plain `node`, interleaved.

export const startup: BenchCase = {
  name: 'startup',
  async run(ctx) {
    const figure = `start-up to the first page (${ctx.label.large} database)`
    try {
      return await withLoad(async () => {
        const time = async (start: () => ReturnType<typeof startPortal>) => {
          const server = await start()
          await server.stop()
          return server.startedInMs
        }
        const r = await interleaved(ctx.repeats, { portal: () => time(() => startPortal(ctx, ctx.db.large, { fresh: 'always' })), onePage: () => time(() => startBaseline(ctx, 'one-page', { fresh: 'always' })) })
        return [{ case: 'startup', figure, unit: 'ms', portal: r.portal, baseline: r.onePage, baselineName: 'one-page app, plain node', targets: [{ on: 'value', op: '<', limit: 1000 }] }]
      })
    } catch (error) {
      return [failedRow('startup', figure, 'ms', error)]
    }
  },
}
