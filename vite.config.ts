import { vitePlugin as remix } from '@remix-run/dev'
import { defineConfig, type Plugin } from 'vite'
import remixConfig from './remix.config.js'
import { BuildLastSequencer } from './tests/support/sequencer'

/**
 * The server build's other entries, written beside the Remix bundle's
 * index.js and sharing its modules (one database connection, one logger):
 * - render-worker.js: the worker thread that draws answer documents
 *   (app/domain/render-pool.server.ts looks for it beside itself; docs/decisions/013);
 * - start.js: the production server, `node build/server/start.js` (app/server.ts's serve);
 * - cli.js: the operator's command line, `node build/server/cli.js <command>` (app/cli/main.ts).
 * Shared chunks are written beside them too (not under assets/), so code that
 * finds a file beside itself finds it from any chunk. See docs/decisions/026.
 */
export function serverEntries(): Plugin {
  let ssr = false
  const entries = {
    'render-worker.js': './app/domain/render-worker.server.ts',
    'start.js': './app/server.ts',
    'cli.js': './app/cli/main.ts',
  }
  return {
    name: 'rights-portal:server-entries',
    apply: 'build',
    // The server code runs on the Node the project requires (package.json engines): top-level await, nothing down-levelled.
    config: (_config, { isSsrBuild }) => (isSsrBuild ? { build: { target: 'node20' } } : undefined),
    configResolved(config) {
      ssr = !!config.build.ssr
    },
    buildStart() {
      if (!ssr) return
      for (const [fileName, source] of Object.entries(entries)) this.emitFile({ type: 'chunk', id: new URL(source, import.meta.url).pathname, fileName })
    },
    outputOptions(options) {
      return ssr ? { ...options, chunkFileNames: '[name]-[hash].js' } : options
    },
  }
}

export default defineConfig({
  plugins: process.env.VITEST ? [] : [remix(remixConfig), serverEntries()],
  resolve: {
    alias: {
      '~': new URL('./app', import.meta.url).pathname,
      '#db': new URL('./db', import.meta.url).pathname,
      '#emails': new URL('./emails', import.meta.url).pathname,
      '#locales': new URL('./locales', import.meta.url).pathname,
    },
  },
  // The locales are imported as JSON: as JSON.parse of a string, V8 reads them several times faster than as object literals (start-up).
  json: { stringify: true, namedExports: false },
  server: { port: 3000 },
  test: {
    include: ['app/**/*.test.{ts,tsx}', 'db/**/*.test.ts', 'emails/**/*.test.ts', 'tests/**/*.test.ts'],
    globalSetup: ['tests/support/global-setup.ts'],
    setupFiles: ['tests/support/setup-file.ts'],
    sequence: { sequencer: BuildLastSequencer },
    pool: 'forks',
    // Two test files at once on this 2-core machine (vitest's default is cores − 1): most of a
    // browser test's time is waiting on the browser and the server, and the suite takes about
    // 6 minutes instead of 8½. Timing assertions keep a margin of half the effect they detect.
    poolOptions: { forks: { maxForks: 2, minForks: 1 } },
    testTimeout: 60_000,
    hookTimeout: 120_000,
  },
})
