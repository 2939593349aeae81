import { createMemoryHistory, createRouter, matchRoutes, type AgnosticRouteObject } from '@remix-run/router'
import { describe, expect, it } from 'vitest'

// Remix v2 matches every request against the whole route tree three times,
// and @remix-run/router flattened, ranked and compiled that tree on each call:
// a tenth of a citizen journey's server time. patches/@remix-run+router+*.patch
// keeps the ranked branches per route array and each path's compiled pattern,
// as react-router 7 does (docs/decisions/029-route-matching.md). These tests
// fail when the patch is not applied, and when keeping breaks matching.

describe('route matching as patched', () => {
  it('flattens a route tree once: a route pushed into the array behind the router’s back is not seen', () => {
    const routes: AgnosticRouteObject[] = [{ id: 'a', path: '/a' }]
    expect(matchRoutes(routes, '/a')?.map((m) => m.route.id)).toEqual(['a'])
    routes.push({ id: 'b', path: '/b' })
    // Unpatched, the array is flattened again on this call and /b matches.
    expect(matchRoutes(routes, '/b')).toBeNull()
    // A new tree is a new array: flattened afresh.
    expect(matchRoutes([...routes], '/b')?.map((m) => m.route.id)).toEqual(['b'])
  })

  it('matches what it matched before, with the params of each path, for every shape of the portal’s routes', () => {
    const routes: AgnosticRouteObject[] = [
      {
        id: 'root',
        path: '/',
        children: [
          { id: 'lang', path: ':lang', children: [{ id: 'lang-index', index: true }, { id: 'org', path: 'o/:slug' }, { id: 'step', path: 'o/:slug/request/:step' }, { id: 'officer-request', path: 'officer/requests/:id' }] },
          { id: 'static', path: 'en/officer/queue' },
          { id: 'splat', path: '*' },
        ],
      },
    ]
    const ids = (path: string) => matchRoutes(routes, path)?.map((m) => m.route.id)
    const params = (path: string) => matchRoutes(routes, path)?.at(-1)?.params
    for (let round = 0; round < 3; round++) {
      expect(ids('/da/o/demo-clinic')).toEqual(['root', 'lang', 'org'])
      expect(params('/da/o/demo-clinic')).toEqual({ lang: 'da', slug: 'demo-clinic' })
      expect(params('/fi/o/other/request/identity')).toEqual({ lang: 'fi', slug: 'other', step: 'identity' })
      // A static path outranks the dynamic one; case does not matter, trailing slashes neither.
      expect(ids('/EN/officer/queue/')).toEqual(['root', 'static'])
      expect(ids('/no')).toEqual(['root', 'lang', 'lang-index'])
      expect(params('/en/officer/requests/42')).toEqual({ lang: 'en', id: '42' })
      expect(params('/en/officer/requests/42/extra/path')).toEqual({ '*': 'en/officer/requests/42/extra/path' })
    }
  })

  it('sees routes the router patches in, and keeps params apart between calls', async () => {
    const router = createRouter({ routes: [{ id: 'home', path: '/' }], history: createMemoryHistory() }).initialize()
    expect(matchRoutes(router.routes, '/late/7')).toBeNull()
    router.patchRoutes(null, [{ id: 'late', path: '/late/:n' }])
    expect(matchRoutes(router.routes, '/late/7')?.at(-1)?.params).toEqual({ n: '7' })
    expect(matchRoutes(router.routes, '/late/8')?.at(-1)?.params).toEqual({ n: '8' })
    await router.navigate('/late/9')
    expect(router.state.matches.map((m) => m.route.id)).toEqual(['late'])
    router.dispose()
  })
})
