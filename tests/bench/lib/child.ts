import { spawn } from 'node:child_process'
import path from 'node:path'
import { build } from 'vite'
import { ROOT } from './portal'

// Runs one task of ../child.ts in a process of its own and returns its line.
// The child runs as production runs the portal: compiled JavaScript on plain
// node (docs/decisions/026), not TypeScript through tsx, whose loader and
// transforms took a quarter of the process's memory and were counted in its
// peak. It is compiled once per run, with the project's aliases and JSON
// settings (vite.config.ts), its packages left to node_modules as in the
// server build.

export type ChildResult = { ms: number; peakMb: number; [k: string]: number | string | boolean }

const compiled = new Map<string, Promise<string>>()

/** The child compiled into this run's work folder (removed with it when the run ends). */
export function compiledChild(work: string): Promise<string> {
  let script = compiled.get(work)
  if (!script) {
    script = (async () => {
      const { default: config } = await import('../../../vite.config')
      const outDir = path.join(work, 'child')
      await build({
        configFile: false,
        root: ROOT,
        logLevel: 'error',
        resolve: config.resolve,
        json: config.json,
        build: { ssr: path.join(ROOT, 'tests', 'bench', 'child.ts'), outDir, emptyOutDir: true, target: 'node20', minify: false, rollupOptions: { output: { format: 'esm', entryFileNames: 'child.js' } } },
      })
      return path.join(outDir, 'child.js')
    })()
    compiled.set(work, script)
  }
  return script
}

/** `ctx`: the run's portal environment (BENCH_ENV) and its work folder, inside the project so the child finds node_modules. */
export async function runChild(task: string, options: Record<string, unknown>, ctx: { env: Record<string, string>; work: string }): Promise<ChildResult> {
  const script = await compiledChild(ctx.work)
  const env = ctx.env
  return new Promise((resolve, reject) => {
    const { VITEST: _, VITEST_MODE: __, VITEST_POOL_ID: ___, VITEST_WORKER_ID: ____, ...inherited } = process.env
    const child = spawn(process.execPath, [script, task, JSON.stringify(options)], {
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
