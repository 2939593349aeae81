import { spawn } from 'node:child_process'
import path from 'node:path'
import { ROOT } from './portal'

// Runs one task of ../child.ts in a process of its own and returns its line.

export type ChildResult = { ms: number; peakMb: number; [k: string]: number | string | boolean }

export function runChild(task: string, options: Record<string, unknown>, env: Record<string, string>): Promise<ChildResult> {
  return new Promise((resolve, reject) => {
    const { VITEST: _, VITEST_MODE: __, VITEST_POOL_ID: ___, VITEST_WORKER_ID: ____, ...inherited } = process.env
    const child = spawn(path.join(ROOT, 'node_modules', '.bin', 'tsx'), [path.join(ROOT, 'tests', 'bench', 'child.ts'), task, JSON.stringify(options)], {
      cwd: ROOT,
      env: { ...inherited, ...env, NODE_ENV: 'production', ...(typeof options.db === 'string' ? { DATABASE_PATH: options.db } : {}) },
      stdio: ['ignore', 'pipe', 'pipe'],
    })
    let out = ''
    let err = ''
    child.stdout.on('data', (d: Buffer) => (out += d))
    child.stderr.on('data', (d: Buffer) => (err += d))
    child.once('error', reject)
    child.once('exit', (code) => {
      const last = out.trim().split('\n').at(-1) ?? ''
      if (code !== 0 || !last.startsWith('{')) return reject(new Error(`${task} exited with ${code}: ${(err || out).trim().split('\n').slice(-5).join(' | ')}`))
      resolve(JSON.parse(last) as ChildResult)
    })
  })
}
