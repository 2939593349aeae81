import { vitePlugin as remix } from '@remix-run/dev'
import { defineConfig, type Plugin } from 'vite'
import remixConfig from './remix.config.js'
import { BuildLastSequencer } from './tests/support/sequencer'

/**
 * The server build's second entry: the worker thread that draws answer
 * documents (app/domain/render-pool.server.ts), written as render-worker.js
 * beside the server bundle's index.js, where the pool looks for it. Code it
 * shares with the server goes into a chunk both import. See docs/decisions/013.
 */
export function renderWorkerEntry(): Plugin {
  let ssr = false
  return {
    name: 'rights-portal:render-worker',
    apply: 'build',
    configResolved(config) {
      ssr = !!config.build.ssr
    },
    buildStart() {
      if (ssr) this.emitFile({ type: 'chunk', id: new URL('./app/domain/render-worker.server.ts', import.meta.url).pathname, fileName: 'render-worker.js' })
    },
  }
}

export default defineConfig({
  plugins: process.env.VITEST ? [] : [remix(remixConfig), renderWorkerEntry()],
  resolve: {
    alias: {
      '~': new URL('./app', import.meta.url).pathname,
      '#db': new URL('./db', import.meta.url).pathname,
      '#emails': new URL('./emails', import.meta.url).pathname,
      '#locales': new URL('./locales', import.meta.url).pathname,
    },
  },
  server: { port: 3000 },
  test: {
    include: ['app/**/*.test.{ts,tsx}', 'db/**/*.test.ts', 'emails/**/*.test.ts', 'tests/**/*.test.ts'],
    globalSetup: ['tests/support/global-setup.ts'],
    setupFiles: ['tests/support/setup-file.ts'],
    sequence: { sequencer: BuildLastSequencer },
    pool: 'forks',
    testTimeout: 60_000,
    hookTimeout: 120_000,
  },
})
