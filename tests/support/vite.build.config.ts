import { vitePlugin as remix } from '@remix-run/dev'
import { defineConfig } from 'vite'
import remixConfig from '../../remix.config.js'
import base, { serverEntries } from '../../vite.config'

// The production build, written where global-setup.ts asks (TEST_BUILD_DIR),
// so a test run never reads a build that someone's `npm run build` (or another
// test run) is rewriting at the same moment. Everything else is vite.config.ts.
export default defineConfig({
  ...base,
  plugins: [remix({ ...remixConfig, buildDirectory: process.env.TEST_BUILD_DIR ?? 'build' }), serverEntries()],
})
