import { spawn } from 'node:child_process'
import fs from 'node:fs'
import path from 'node:path'
import type { TestProject } from 'vitest/node'
import { BUILD_FAILED, BUILD_READY } from './build'

declare module 'vitest' {
  export interface ProvidedContext {
    buildDir: string
  }
}

// Browser tests drive the real production build, so build it once per run,
// into a folder of this run's own (removed afterwards; other runs in the same
// tree use theirs). The build runs while the first test files, those that do
// not need it, already run (tests/support/sequencer.ts puts them first); a
// file that needs it waits for it (builtServer() in ./build.ts). SKIP_BUILD=1
// reuses build/ from `npm run build` instead, for a quick rerun when nothing
// under app/ changed.
export default function setup(project: TestProject) {
  if (process.env.SKIP_BUILD === '1') {
    project.provide('buildDir', path.resolve('build'))
    return
  }
  // Not under build/: `remix vite:build` removes all of build/ first, so someone's
  // `npm run build` would pull this run's files away. Inside the project (and
  // gitignored), so the server bundle still finds node_modules.
  const buildDir = path.resolve('.cache', 'test-builds', String(process.pid))
  // Without VITEST in its environment, the build config includes the Remix plugin.
  const { VITEST: _, VITEST_MODE: __, VITEST_POOL_ID: ___, VITEST_WORKER_ID: ____, ...env } = process.env
  const build = spawn('npx', ['remix', 'vite:build', '--config', 'tests/support/vite.build.config.ts', '--logLevel', 'warn'], {
    stdio: 'inherit',
    env: { ...env, NODE_ENV: 'production', TEST_BUILD_DIR: path.relative(process.cwd(), buildDir) },
  })
  const finished = new Promise<void>((resolve) => {
    const mark = (name: string, text: string) => {
      fs.mkdirSync(buildDir, { recursive: true })
      fs.writeFileSync(path.join(buildDir, name), text)
      resolve()
    }
    build.once('error', (error) => mark(BUILD_FAILED, String(error)))
    build.once('exit', (code, signal) => (code === 0 ? mark(BUILD_READY, '') : mark(BUILD_FAILED, `remix vite:build exited with ${signal ?? code}`)))
  })
  project.provide('buildDir', buildDir)
  return async () => {
    if (build.exitCode === null && build.signalCode === null) build.kill()
    await finished
    fs.rmSync(buildDir, { recursive: true, force: true })
    try {
      // Removed only when empty: another run may be using the folder beside ours.
      fs.rmdirSync(path.dirname(buildDir))
    } catch {
      // not empty, or already gone
    }
  }
}
