import { parentPort, workerData } from 'node:worker_threads'
import type { AnswerInput } from '~/domain/answer-documents'
import { renderAnswer } from '~/domain/render-answer.server'

// The render worker's entry: a thread of its own that turns answer inputs
// into documents, one at a time, so that drawing a letter of thousands of rows
// never holds up the thread that answers everyone's pages
// (./render-pool.server.ts starts it; decision 013).

export type RenderJob = { id: number; input: AnswerInput }
export type RenderReply = { id: number; ok: true; documents: Awaited<ReturnType<typeof renderAnswer>> } | { id: number; ok: false; error: string }

/** What the pool passes as workerData, so that importing this module anywhere else does nothing. */
export type RenderWorkerData = { renderWorker: true }

const port = parentPort
if (port && (workerData as RenderWorkerData | undefined)?.renderWorker === true) {
  port.on('message', (job: RenderJob) => {
    renderAnswer(job.input).then(
      (documents) => port.postMessage({ id: job.id, ok: true, documents } satisfies RenderReply),
      // The error's class and message only: they name what failed, not whose data.
      (error: unknown) => port.postMessage({ id: job.id, ok: false, error: error instanceof Error ? `${error.name}: ${error.message}` : String(error) } satisfies RenderReply),
    )
  })
}
