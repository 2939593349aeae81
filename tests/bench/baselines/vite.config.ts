import { vitePlugin as remix } from '@remix-run/dev'
import { defineConfig } from 'vite'
import remixConfig from '../../../remix.config.js'

// A baseline app's build (./build.ts writes its app folder and names it in
// BENCH_BASELINE_DIR): the portal's Remix and Vite versions and `future` flags,
// nothing of the portal's own.
const dir = process.env.BENCH_BASELINE_DIR
if (!dir) throw new Error('BENCH_BASELINE_DIR: the baseline folder to build')

export default defineConfig({
  publicDir: false,
  logLevel: 'warn',
  plugins: [remix({ appDirectory: `${dir}/app`, buildDirectory: `${dir}/build`, serverModuleFormat: remixConfig.serverModuleFormat, future: remixConfig.future })],
})
