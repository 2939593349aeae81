import { createRequire } from 'node:module'
import v8 from 'node:v8'
import { pathToFileURL } from 'node:url'
import { Worker } from 'node:worker_threads'
import type { AnswerInput } from '~/domain/answer-documents'
import type { RenderedDocument } from '~/domain/render-answer.server'
import type { RenderJob, RenderReply, RenderWorkerData } from '~/domain/render-worker.server'
import { env } from '~/utils/env.server'

// Answers are drawn in one worker thread, never on the thread that serves
// requests: a letter of 10,000 rows takes seconds of CPU, and on the server's
// own thread every person's page would wait for it. One worker, one render at
// a time: the other core stays with the server (decision 013).

/** Why a render is drawn: an answer being sent goes ahead of previews. */
export type RenderPurpose = 'send' | 'preview'

/**
 * Previews one organisation may have waiting or being drawn at once. The
 * worker is shared by every organisation: without a cap, one organisation's
 * officers opening many heavy previews would hold up everyone's answers.
 */
export const MAX_PREVIEWS_PER_ORGANISATION = 2

type Pending = {
  job: RenderJob
  timeLimitMs: number
  owner: number | null
  purpose: RenderPurpose
  resolve: (documents: RenderedDocument[]) => void
  reject: (error: Error) => void
}

/** The organisation already has as many previews being drawn as it may; it can try again in a moment. */
export class RenderBusyError extends Error {
  constructor() {
    super('the organisation already has previews being drawn')
    this.name = 'RenderBusyError'
  }
}

export class RenderFailedError extends Error {
  constructor(message: string) {
    super(message)
    this.name = 'RenderFailedError'
  }
}

/**
 * A worker with nothing to draw for this long is stopped: its heap (pdfkit,
 * the fonts, the last letter's garbage) is tens of megabytes the server would
 * otherwise hold between answers. The next render starts a new one.
 */
export const RENDER_WORKER_IDLE_MS = 60_000

/**
 * The worker's own heap limit, whatever the server's: the start command caps
 * the server's old space at 192 MB (docs/decisions/026), and a letter of
 * 10,000 rows needs more while it is drawn. A render past it stops the worker
 * and fails, as one past its time does.
 */
export const RENDER_WORKER_HEAP_MB = 512

let worker: Worker | null = null
let idleTimer: NodeJS.Timeout | null = null
let running: (Pending & { worker: Worker; timer: NodeJS.Timeout }) | null = null
const queue: Pending[] = []
let nextId = 1

/**
 * Renders an answer's documents in the render worker; rejects with
 * RenderFailedError when the render fails or runs out of time, and at once
 * with RenderBusyError when `owner` (an organisation) already has its share of
 * previews waiting. Sends go ahead of every waiting preview.
 */
export function renderOffThread(input: AnswerInput, opts: { timeLimitMs?: number; owner?: number; purpose?: RenderPurpose } = {}): Promise<RenderedDocument[]> {
  const owner = opts.owner ?? null
  const purpose = opts.purpose ?? 'send'
  return new Promise((resolve, reject) => {
    if (purpose === 'preview' && owner !== null) {
      const mine = [...queue, ...(running ? [running] : [])].filter((p) => p.owner === owner && p.purpose === 'preview').length
      if (mine >= MAX_PREVIEWS_PER_ORGANISATION) return reject(new RenderBusyError())
    }
    const pending: Pending = { job: { id: nextId++, input }, timeLimitMs: opts.timeLimitMs ?? env().RENDER_TIME_LIMIT_MS, owner, purpose, resolve, reject }
    const firstPreview = queue.findIndex((p) => p.purpose === 'preview')
    if (purpose === 'send' && firstPreview >= 0) queue.splice(firstPreview, 0, pending)
    else queue.push(pending)
    next()
  })
}

/** Stops the worker (tests, shutdown); a later render starts a new one. */
export async function stopRenderWorker(): Promise<void> {
  if (idleTimer) clearTimeout(idleTimer)
  idleTimer = null
  const w = worker
  worker = null
  if (w) await w.terminate()
}

/** Whether a render worker is running now (it starts with a render and stops when idle). */
export function renderWorkerRunning(): boolean {
  return worker !== null
}

function next(): void {
  if (running) return
  const pending = queue.shift()
  if (idleTimer) clearTimeout(idleTimer)
  idleTimer = null
  if (!pending) {
    // Idle, the worker does not keep the process alive, and is stopped after a while.
    worker?.unref()
    if (worker) {
      idleTimer = setTimeout(() => void stopRenderWorker(), RENDER_WORKER_IDLE_MS)
      idleTimer.unref()
    }
    return
  }
  const w = (worker ??= startWorker())
  w.ref()
  const timer = setTimeout(() => {
    // The next render gets a fresh worker; this one is stopped mid-letter.
    if (worker === w) worker = null
    void w.terminate()
    fail(w, new RenderFailedError(`the render took longer than ${pending.timeLimitMs} ms`))
  }, pending.timeLimitMs)
  running = { ...pending, worker: w, timer }
  w.postMessage(pending.job)
}

/** Fails the render running on `w`, if any, and goes on with the queue. */
function fail(w: Worker, error: Error): void {
  if (running?.worker !== w) return
  clearTimeout(running.timer)
  running.reject(error)
  running = null
  next()
}

function startWorker(): Worker {
  const [file, options] = entry()
  // V8's --max-old-space-size, when the process was started with it, overrides
  // a worker's resourceLimits. The flag is read when an isolate is made, so
  // setting it now gives the new worker its own limit; the server's heap keeps its own.
  if (process.execArgv.some((arg) => arg.startsWith('--max-old-space-size'))) v8.setFlagsFromString(`--max-old-space-size=${RENDER_WORKER_HEAP_MB}`)
  const w = new Worker(file, { ...options, workerData: { renderWorker: true } satisfies RenderWorkerData, resourceLimits: { maxOldGenerationSizeMb: RENDER_WORKER_HEAP_MB } })
  w.on('message', (reply: RenderReply) => {
    if (running?.worker !== w || running.job.id !== reply.id) return
    const done = running
    clearTimeout(done.timer)
    running = null
    if (reply.ok) done.resolve(reply.documents.map((d) => ({ ...d, content: Buffer.from(d.content.buffer, d.content.byteOffset, d.content.byteLength) })))
    else done.reject(new RenderFailedError(reply.error))
    next()
  })
  w.on('error', (error) => {
    if (worker === w) worker = null
    fail(w, new RenderFailedError(`the render worker stopped: ${error.name}: ${error.message}`))
  })
  w.on('exit', (code) => {
    if (worker === w) worker = null
    fail(w, new RenderFailedError(`the render worker exited with code ${code}`))
  })
  return w
}

// In the production build the worker is render-worker.js, which the build
// writes beside the server bundle (vite.config.ts). From the TypeScript
// source (tests, `remix vite:dev`) it is its .ts file, imported once tsx's
// module hooks are registered in the worker: Node 20 applies neither
// `--import tsx` nor the hooks of the thread that starts it to a worker's entry.
function entry(): [string | URL, { eval?: boolean }] {
  if (!import.meta.url.endsWith('.ts')) return [new URL('./render-worker.js', import.meta.url), {}]
  // tsx/esm/api's ESM build, beside the CommonJS one require.resolve finds (both are in its package exports).
  const tsx = pathToFileURL(createRequire(import.meta.url).resolve('tsx/esm/api').replace(/\.cjs$/, '.mjs')).href
  const file = new URL('./render-worker.server.ts', import.meta.url).href
  return [`import(${JSON.stringify(tsx)}).then(({ register }) => { register(); return import(${JSON.stringify(file)}) })`, { eval: true }]
}
