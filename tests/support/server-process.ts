import { spawn, type ChildProcessByStdio } from 'node:child_process'
import path from 'node:path'
import type { Readable } from 'node:stream'
import { builtServer } from './build'

// The portal as production starts it: plain `node` on the compiled entry the
// build writes beside the Remix bundle (build/server/start.js), no npm and no
// TypeScript loader in the process tree (docs/decisions/026). The tests start
// this run's build this way; the benchmark runner (tests/bench) starts the
// portal it measures with the same command.

export type StartCommand = {
  /** The program: this Node (`process.execPath`), as a systemd unit's ExecStart would name node. */
  command: string
  args: string[]
  env: NodeJS.ProcessEnv
}

/**
 * Node's own flags for the server process (docs/decisions/026): an old-space
 * limit of 192 MB, so V8 collects garbage before its heap grows past it (with
 * its default limit of several GB it let officer pages' garbage grow the heap
 * to 190 MB and the process past 250 MB).
 */
export const PRODUCTION_NODE_FLAGS: readonly string[] = ['--max-old-space-size=192']

/**
 * How to start the compiled portal of the build in `buildDir` (default: build/,
 * what `npm run build` writes): `NODE_ENV=production node --max-old-space-size=192 build/server/start.js`,
 * the command `npm run serve` runs. `env` is the portal's configuration
 * (DATABASE_PATH, PORT, keys…); default: this process's environment.
 */
export function productionStartCommand(opts: { buildDir?: string; env?: NodeJS.ProcessEnv } = {}): StartCommand {
  return {
    command: process.execPath,
    args: [...PRODUCTION_NODE_FLAGS, path.resolve(opts.buildDir ?? 'build', 'server', 'start.js')],
    env: { ...(opts.env ?? process.env), NODE_ENV: 'production' },
  }
}

/** The compiled operator CLI (`npm run portal -- <args>`): `node build/server/cli.js <args>`. */
export function productionCliCommand(args: string[], opts: { buildDir?: string; env?: NodeJS.ProcessEnv } = {}): StartCommand {
  return {
    command: process.execPath,
    args: [path.resolve(opts.buildDir ?? 'build', 'server', 'cli.js'), ...args],
    env: { ...(opts.env ?? process.env), NODE_ENV: 'production' },
  }
}

export type PortalProcess = {
  child: ChildProcessByStdio<null, Readable, null>
  /** Resolves with the exit code once the process is gone. */
  exited: Promise<number | null>
  /** Everything it printed on stdout so far. */
  output: () => string
  /** Resolves once `done()` holds, checking every 10 ms; rejects, with what it printed, if the portal stops first. */
  until: (done: () => boolean) => Promise<void>
}

/**
 * Starts the compiled portal of the test run's build (once that build is
 * complete) in a process of its own, with `env` on top of this process's
 * environment (an undefined value removes the variable). Its stderr is
 * this process's; its stdout is collected.
 */
export async function spawnCompiledPortal(buildDir: string, env: Record<string, string | undefined>): Promise<PortalProcess> {
  await builtServer(buildDir)
  const start = productionStartCommand({ buildDir, env: { ...process.env, HOST: '127.0.0.1', ...env } })
  for (const [name, value] of Object.entries(start.env)) if (value === undefined) delete start.env[name]
  const child = spawn(start.command, start.args, { env: start.env, stdio: ['ignore', 'pipe', 'inherit'] })
  let printed = ''
  child.stdout.on('data', (chunk: Buffer) => (printed += chunk.toString()))
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)))
  return {
    child,
    exited,
    output: () => printed,
    async until(done: () => boolean) {
      while (!done()) {
        if (child.exitCode !== null || child.signalCode !== null) throw new Error(`the portal stopped:\n${printed}`)
        await new Promise((resolve) => setTimeout(resolve, 10))
      }
    },
  }
}
