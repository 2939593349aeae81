import { afterAll, describe, expect, test, vi } from 'vitest'
import { pdfText } from '~/documents/test-support'
import type { AnswerInput } from './answer-documents'
import { answerInput, organisation } from './answer-input.test-support'
import { renderAnswer } from './render-answer.server'
import { MAX_PREVIEWS_PER_ORGANISATION, RENDER_WORKER_IDLE_MS, RenderBusyError, RenderFailedError, renderOffThread, renderWorkerRunning, stopRenderWorker } from './render-pool.server'

// The render worker, started from the TypeScript source as the tests and
// `remix vite:dev` run it (tests/heavy-answers.test.ts runs it from the
// production build): the documents it draws are the ones the server's own
// thread would draw, and a render that fails is reported without stopping
// the next.

const CLINIC = organisation('fjordkanten-dyreklinikk')

function answer(over: Partial<AnswerInput> = {}): AnswerInput {
  return answerInput(CLINIC.slug, {
    language: 'no',
    collected: [{ category: 'purchase-history', rows: [{ date: '2026-01-14', item: 'Smertestillende, 10 tabletter', amount: 349.5, currency: 'NOK' }] }],
    ...over,
  })
}

afterAll(stopRenderWorker)

describe('the render worker', () => {
  test('draws the same documents as the server’s own thread would', async () => {
    const input = answer()
    const [offThread, onThread] = await Promise.all([renderOffThread(input), renderAnswer(input)])
    expect(offThread.map((d) => [d.kind, d.filename, d.contentType])).toEqual(onThread.map((d) => [d.kind, d.filename, d.contentType]))
    for (const [i, d] of offThread.entries()) {
      expect(Buffer.isBuffer(d.content)).toBe(true)
      expect(d.content.equals(onThread[i]!.content), d.kind).toBe(true)
    }
    expect(pdfText(offThread[0]!.content)).toContain('Áile Ŋuollaš Čiekču')
  })

  test('renders one after the other, each answer getting its own documents', async () => {
    const names = ['Ánde Saba', 'Birte Ødegård', 'Čoavje Niillas']
    const rendered = await Promise.all(names.map((name) => renderOffThread(answer({ request: { ...answer().request, subjectName: name } }))))
    rendered.forEach((documents, i) => expect(pdfText(documents[0]!.content)).toContain(names[i]))
  })

  test('a render that fails is reported, and the next is drawn', async () => {
    const broken = answer({ org: { ...answer().org, profile: { ...CLINIC, register: undefined as never } } })
    await expect(renderOffThread(broken)).rejects.toThrow(RenderFailedError)
    const documents = await renderOffThread(answer({ request: { ...answer().request, type: 'erasure' }, collected: [] }))
    expect(documents.map((d) => d.kind)).toEqual(['response_pdf'])
  })

  test('a render past its time limit is stopped, and the next is drawn by a fresh worker', async () => {
    const rows = Array.from({ length: 5_000 }, (_, i) => ({ date: '2026-01-14', item: `Fôr, sekk ${i}`, amount: 349.5, currency: 'NOK' }))
    const started = performance.now()
    await expect(renderOffThread(answer({ collected: [{ category: 'purchase-history', rows }] }), { timeLimitMs: 300 })).rejects.toThrow('longer than 300 ms')
    expect(performance.now() - started).toBeLessThan(2_000)
    expect((await renderOffThread(answer())).map((d) => d.kind)).toEqual(['access_pdf', 'access_json'])
  })

  test('a stopped worker is started again for the next render', async () => {
    await stopRenderWorker()
    expect((await renderOffThread(answer())).map((d) => d.kind)).toEqual(['access_pdf', 'access_json'])
  })

  test('a worker idle for a while is stopped, freeing its memory; the next render starts a new one', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] })
    try {
      await renderOffThread(answer())
      expect(renderWorkerRunning()).toBe(true)
      vi.advanceTimersByTime(RENDER_WORKER_IDLE_MS - 1)
      expect(renderWorkerRunning()).toBe(true)
      vi.advanceTimersByTime(1)
      expect(renderWorkerRunning()).toBe(false)
    } finally {
      vi.useRealTimers()
    }
    expect((await renderOffThread(answer())).map((d) => d.kind)).toEqual(['access_pdf', 'access_json'])
    expect(renderWorkerRunning()).toBe(true)
  })

  test('one organisation cannot hold up the others: its previews beyond its share are refused at once, and sends go first', async () => {
    const named = (name: string) => answer({ request: { ...answer().request, subjectName: name } })
    const finished: string[] = []
    const track = (label: string, promise: Promise<unknown>) => promise.then(() => finished.push(label))
    const mine = Array.from({ length: MAX_PREVIEWS_PER_ORGANISATION }, (_, i) => track(`preview ${i + 1} of 1`, renderOffThread(named(`A ${i}`), { owner: 1, purpose: 'preview' })))
    // Its next preview is refused before it waits at all; another organisation's is taken.
    await expect(renderOffThread(named('A more'), { owner: 1, purpose: 'preview' })).rejects.toThrow(RenderBusyError)
    const theirs = track('preview of 2', renderOffThread(named('B'), { owner: 2, purpose: 'preview' }))
    // An answer being sent goes ahead of every preview still waiting.
    const send = track('send of 1', renderOffThread(named('A sent'), { owner: 1, purpose: 'send' }))
    await Promise.all([...mine, theirs, send])
    expect(finished).toEqual(['preview 1 of 1', 'send of 1', 'preview 2 of 1', 'preview of 2'])
    // Done, the organisation has its share again.
    await expect(renderOffThread(named('A again'), { owner: 1, purpose: 'preview' })).resolves.toHaveLength(2)
  })
})
