import fs from 'node:fs'
import path from 'node:path'
import { generateDatabase } from '../generate'
import { BENCH_ENV } from '../keys'

// The benchmark databases: made by the generator (../generate.ts) when
// missing, opened with its fixed keys (../keys.ts, BENCH_ENV), and never
// changed by a run: every run works on a fresh copy (cases file requests,
// sign officers in, send digests).

/** The environment a portal (or this process) needs to open a benchmark database. */
export function benchEnv(): Record<string, string> {
  return { ...BENCH_ENV }
}

const SIDE_FILES = ['-wal', '-shm']

/** The generator's own files: a database older than any of them is made again (smoke databases only; big ones are given). */
function generatorChangedAt(): number {
  const dir = path.dirname(new URL(import.meta.url).pathname).replace(/\/lib$/, '')
  return Math.max(0, ...fs.readdirSync(dir).filter((f) => /^(generate|keys).*\.ts$/.test(f)).map((f) => fs.statSync(path.join(dir, f)).mtimeMs))
}

/**
 * The database at `file`, generated with `requests` requests when missing
 * (or, with `fresh`, when older than the generator).
 */
export async function ensureDatabase(file: string, requests: number, o: { organisations?: number; fresh?: boolean; log?: (line: string) => void } = {}): Promise<string> {
  const stale = o.fresh && fs.existsSync(file) && fs.statSync(file).mtimeMs < generatorChangedAt()
  if (fs.existsSync(file) && !stale) return file
  o.log?.(`generating ${file} (${requests.toLocaleString('en-GB')} requests)`)
  fs.mkdirSync(path.dirname(file), { recursive: true })
  const tmp = `${file}.${process.pid}.tmp`
  for (const suffix of ['', ...SIDE_FILES]) fs.rmSync(tmp + suffix, { force: true })
  await generateDatabase({ path: tmp, requests, organisations: o.organisations, seed: 1, log: o.log })
  for (const suffix of SIDE_FILES) fs.rmSync(file + suffix, { force: true })
  fs.renameSync(tmp, file)
  for (const suffix of SIDE_FILES) if (fs.existsSync(tmp + suffix)) fs.renameSync(tmp + suffix, file + suffix)
  return file
}

/** A fresh working copy of a database (with its WAL), for one run to change as it likes. */
export function workingCopy(source: string, target: string): string {
  fs.mkdirSync(path.dirname(target), { recursive: true })
  for (const suffix of ['', ...SIDE_FILES, '.lock']) fs.rmSync(target + suffix, { force: true })
  fs.copyFileSync(source, target, fs.constants.COPYFILE_FICLONE)
  for (const suffix of SIDE_FILES) if (fs.existsSync(source + suffix)) fs.copyFileSync(source + suffix, target + suffix)
  return target
}
