import { createRequire } from 'node:module'
import { createMemoryHistory, createRouter, createStaticHandler, matchRoutes, type AgnosticRouteObject, type StaticHandlerContext } from '@remix-run/router'
import { createElement } from 'react'
import fc from 'fast-check'
import { renderToString } from 'react-dom/server'
import { describe, expect, it, vi } from 'vitest'

// The CommonJS builds the compiled server loads (package "main"), patched.
const require = createRequire(import.meta.url)
// The same version's UMD build, which the patches leave as published: what matching was.
const published = require('@remix-run/router/dist/router.umd.js') as { matchRoutes: typeof matchRoutes }

// Remix v2 matches every request against the whole route tree three times,
// and @remix-run/router flattened, ranked and compiled that tree on each call,
// while every render built the tree itself anew: a tenth of a citizen
// journey's server time. The patches in patches/ keep the ranked branches per
// route array and each path's compiled pattern, and a build's route tree and
// its data routes for every render, as react-router 7 does
// (docs/decisions/029-route-matching.md). These tests fail when a patch is
// not applied, and when keeping breaks matching.

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

  it('matches every path as the published router does, though it tries only the branches whose segments can match', () => {
    // The shapes a route tree can have: static, param, index, pathless layout, optional and splat
    // segments, a case-sensitive route, a dot in a name, an absolute child path.
    const routes: AgnosticRouteObject[] = [
      {
        id: 'root',
        path: '',
        children: [
          { id: 'home', index: true },
          { id: 'tokens', path: 'tokens.css' },
          {
            id: 'lang',
            path: ':lang',
            children: [
              { id: 'lang-index', index: true },
              { id: 'layout', children: [{ id: 'queue', path: 'officer/queue' }, { id: 'request', path: 'officer/requests/:id' }] },
              { id: 'org', path: 'o/:slug', children: [{ id: 'org-index', index: true }, { id: 'step', path: 'request/:step' }] },
              { id: 'optional', path: 'status/:token?' },
              { id: 'exact', path: 'Exact', caseSensitive: true },
              { id: 'files', path: 'files/*' },
            ],
          },
          { id: 'absolute', path: '/en/officer/queue/export' },
          { id: 'splat', path: '*' },
        ],
      },
    ]
    const words = ['en', 'EN', 'o', 'O', 'officer', 'queue', 'requests', 'export', 'request', 'status', 'files', 'exact', 'Exact', 'tokens.css', 'Tokens.CSS', '42', 'a b', '%41', '%2F', '.', '\u212a', '\u0130', '\u017f', 'ø', '']
    const path = fc.tuple(fc.boolean(), fc.array(fc.constantFrom(...words), { maxLength: 6 }), fc.constantFrom('', '/', '//')).map(([lead, parts, tail]) => (lead ? '/' : '') + parts.join('/') + tail)
    const matched = (m: typeof matchRoutes) => (p: string) => m(routes, p)?.map((x) => [x.route.id, x.params, x.pathname, x.pathnameBase])
    fc.assert(
      fc.property(path, (p) => {
        expect(matched(matchRoutes)(p)).toEqual(matched(published.matchRoutes)(p))
      }),
      { numRuns: 3000 },
    )
    // Paths the generator may not reach, each shape once.
    for (const p of ['/', '/en', '/en/', '/EN/O/x/', '/en/o/x/request/right', '/en/status', '/en/status/t1', '/en/exact', '/en/Exact', '/en/files/a/b', '/en/officer/queue/export', '/EN/Officer/Queue/Export/', '/en//o/x', '/\u212a/o/x', '/tokens.css', '/TOKENS.css']) {
      expect(matched(matchRoutes)(p)).toEqual(matched(published.matchRoutes)(p))
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

  it('renders every page with the route tree made once per build, and makes it again when the route modules change', async () => {
    const routes = require('@remix-run/react/dist/routes.js') as { createServerRoutes: (...args: unknown[]) => unknown }
    const { RemixServer } = require('@remix-run/react/dist/server.js') as { RemixServer: (props: { context: unknown; url: string }) => null }
    const made = vi.spyOn(routes, 'createServerRoutes')
    const manifestRoutes = { root: { id: 'root', path: '', hasLoader: false, hasAction: false, hasClientLoader: false, hasClientAction: false, hasErrorBoundary: false, module: '/root.js', imports: [] } }
    const future = {}
    const render = async (text: string) => {
      const staticHandlerContext = (await createStaticHandler([{ id: 'root', path: '/' }]).query(new Request('http://portal.example/'))) as StaticHandlerContext
      // As the server hands them to each render: a new object of the same route modules.
      const context = { manifest: { routes: manifestRoutes, entry: { module: '/entry.js', imports: [] }, url: '/manifest.js', version: '1' }, routeModules: { root: modules[text] }, staticHandlerContext, future, isSpaMode: false, serverHandoffString: '{}', serializeError: (e: Error) => e }
      return renderToString(createElement(RemixServer, { context, url: 'http://portal.example/' }))
    }
    const modules: Record<string, { default: () => unknown }> = { hello: { default: () => createElement('p', null, 'hello') }, again: { default: () => createElement('p', null, 'again') } }
    expect(await render('hello')).toContain('hello')
    expect(await render('hello')).toContain('hello')
    expect(made).toHaveBeenCalledTimes(1)
    // A new build (new modules): the tree is made again, and shows them.
    expect(await render('again')).toContain('again')
    expect(made).toHaveBeenCalledTimes(2)
    made.mockRestore()
  })

  it('a static router keeps the data routes it made of a route array', async () => {
    const { createStaticRouter } = require('react-router-dom/server') as { createStaticRouter: (routes: unknown, context: unknown) => { routes: unknown[] } }
    const routes = [{ id: 'root', path: '/', children: [{ id: 'page', path: 'page' }] }]
    const context = await createStaticHandler(routes).query(new Request('http://portal.example/page'))
    const first = createStaticRouter(routes, context)
    const second = createStaticRouter(routes, context)
    expect(second.routes).toBe(first.routes)
    expect(createStaticRouter([...routes], context).routes).not.toBe(first.routes)
    expect(matchRoutes(second.routes as AgnosticRouteObject[], '/page')?.map((m) => m.route.id)).toEqual(['root', 'page'])
  })
})
