import { spawn, type ChildProcess } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'

// Servers started as their own process group (so the whole tree stops
// together), waiting for a first page, and the memory of a process tree.

export type Spawned = { pid: number; url: string; child: ChildProcess; output: () => string; stop(): Promise<void> }


/** Process groups of servers started and not yet stopped: stopped at once if the run is interrupted. */
const live = new Set<number>()

/** Kills every server still running (the run was interrupted: Ctrl-C, SIGTERM). */
export function killAll(): void {
  for (const pid of live) {
    try {
      process.kill(-pid, 'SIGKILL')
    } catch {
      // already gone
    }
  }
  live.clear()
}

/** The 1-minute load average now. */
export const load1 = () => os.loadavg()[0] ?? 0

/**
 * Starts `command` in a process group of its own and polls `firstPage`
 * (a path on `url`) until it answers 200. `startedInMs`: from spawning to the
 * first page served.
 */
export async function startServer(o: { command: string; args: string[]; env: NodeJS.ProcessEnv; url: string; firstPage: string; cwd?: string; timeoutMs?: number }): Promise<Spawned & { startedInMs: number }> {
  const started = performance.now()
  const child = spawn(o.command, o.args, { cwd: o.cwd, env: o.env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] })
  let output = ''
  const keep = (d: Buffer) => {
    output = (output + d.toString()).slice(-20_000)
  }
  child.stdout!.on('data', keep)
  child.stderr!.on('data', keep)
  live.add(child.pid!)
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()))
  void exited.then(() => live.delete(child.pid!))
  const stop = async () => {
    if (child.exitCode !== null || child.signalCode !== null) return
    try {
      process.kill(-child.pid!, 'SIGTERM')
    } catch {
      // already gone
    }
    const timer = setTimeout(() => {
      try {
        process.kill(-child.pid!, 'SIGKILL')
      } catch {
        // already gone
      }
    }, 15_000)
    await exited
    clearTimeout(timer)
  }
  const deadline = Date.now() + (o.timeoutMs ?? 60_000)
  for (;;) {
    if (child.exitCode !== null) throw new Error(`${o.command} ${o.args.join(' ')} exited with ${child.exitCode} before serving ${o.firstPage}:\n${output}`)
    try {
      const reply = await fetch(o.url + o.firstPage, { signal: AbortSignal.timeout(5_000) })
      await reply.arrayBuffer()
      if (reply.status === 200) break
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      await stop()
      throw new Error(`${o.command} did not serve ${o.firstPage} within ${(o.timeoutMs ?? 60_000) / 1000} s:\n${output}`)
    }
    await new Promise((resolve) => setTimeout(resolve, 5))
  }
  return { pid: child.pid!, url: o.url, child, output: () => output, stop, startedInMs: performance.now() - started }
}

/** The resident memory of a process and all its descendants, in MB (Linux /proc). */
export function treeRssMb(pid: number): number {
  const children = new Map<number, number[]>()
  for (const entry of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue
    try {
      const stat = fs.readFileSync(`/proc/${entry}/stat`, 'utf8')
      // The command name may hold spaces and parentheses: the fields follow the last ")".
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1])
      children.set(ppid, [...(children.get(ppid) ?? []), Number(entry)])
    } catch {
      // gone meanwhile
    }
  }
  let kb = 0
  const todo = [pid]
  while (todo.length) {
    const p = todo.pop()!
    try {
      const m = /VmRSS:\s+(\d+)/.exec(fs.readFileSync(`/proc/${p}/status`, 'utf8'))
      kb += Number(m?.[1] ?? 0)
    } catch {
      // gone meanwhile
    }
    todo.push(...(children.get(p) ?? []))
  }
  return kb / 1024
}
