import { spawn } from 'node:child_process'
import fs from 'node:fs'
import path from 'node:path'
import { productionStartCommand, type StartCommand } from '../../support/server-process'

// How the benchmarks build and start the portal: in ONE place, so that the
// day production starts differently only portalCommand() changes.

export const ROOT = path.resolve(path.dirname(new URL(import.meta.url).pathname), '../../..')

/** The portal in `buildDir` started as production starts it: plain `node` on its compiled entry (tests/support/server-process.ts). */
export function portalCommand(buildDir: string): StartCommand {
  return productionStartCommand({ buildDir, env: { NODE_ENV: 'production' } })
}

/** What the build is made from: a build older than any of these is stale. */
const SOURCES = ['app', 'db', 'emails', 'locales', 'public', 'package.json', 'remix.config.js', 'vite.config.ts']

function newestMtime(p: string): number {
  const stat = fs.statSync(p, { throwIfNoEntry: false })
  if (!stat) return 0
  if (!stat.isDirectory()) return stat.mtimeMs
  return Math.max(stat.mtimeMs, ...fs.readdirSync(p).map((f) => newestMtime(path.join(p, f))))
}

/** build/ of this checkout, made with `npm run build` when missing or older than what it is made from. */
export async function ensurePortalBuild(log: (line: string) => void): Promise<string> {
  const buildDir = path.join(ROOT, 'build')
  const index = path.join(buildDir, 'server', 'index.js')
  const built = fs.statSync(index, { throwIfNoEntry: false })?.mtimeMs ?? 0
  if (built > Math.max(...SOURCES.map((s) => newestMtime(path.join(ROOT, s))))) return buildDir
  log('building the portal (npm run build)')
  await new Promise<void>((resolve, reject) => {
    const child = spawn('npm', ['run', '--silent', 'build'], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] })
    let output = ''
    child.stdout.on('data', (d: Buffer) => (output += d))
    child.stderr.on('data', (d: Buffer) => (output += d))
    child.once('error', reject)
    child.once('exit', (code) => (code === 0 ? resolve() : reject(new Error(`npm run build failed (${code}):\n${output.slice(-3000)}`))))
  })
  return buildDir
}
