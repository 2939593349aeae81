import fs from 'node:fs'
import path from 'node:path'
import { setTimeout as sleep } from 'node:timers/promises'

// The production build a test run makes (./global-setup.ts) is ready once
// BUILD_READY is written into its folder; BUILD_FAILED says it never will be.

export const BUILD_READY = '.ready'
export const BUILD_FAILED = '.failed'

/** Waits until the build in buildDir is complete (at once with SKIP_BUILD=1), and returns the path of its server bundle. */
export async function builtServer(buildDir: string, timeoutMs = 300_000): Promise<string> {
  const deadline = Date.now() + timeoutMs
  while (process.env.SKIP_BUILD !== '1' && !fs.existsSync(path.join(buildDir, BUILD_READY))) {
    const failed = path.join(buildDir, BUILD_FAILED)
    if (fs.existsSync(failed)) throw new Error(`The test build failed: ${fs.readFileSync(failed, 'utf8')}`)
    if (Date.now() > deadline) throw new Error(`The test build in ${buildDir} was not ready within ${timeoutMs / 1000} s`)
    await sleep(100)
  }
  return path.join(buildDir, 'server', 'index.js')
}
