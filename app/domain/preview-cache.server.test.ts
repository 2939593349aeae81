import { afterEach, describe, expect, test } from 'vitest'
import { resetClock, setClock, advanceClock } from '~/utils/clock'
import type { AnswerInput } from './answer-documents'
import { answerInput } from './answer-input.test-support'
import { cachedPreview, forgetPreview, PREVIEW_CACHE_BYTES, PREVIEW_IDLE_MS, previewVersion } from './preview-cache.server'
import { renderAnswer, type RenderedDocument } from './render-answer.server'

// The kept previews: drawn once per version of an answer, drawn again when
// anything the documents say changes, and never more than their size cap
// or longer than their idle time. `renders` counts what the real renderer
// was asked to draw.

function answer(over: Partial<AnswerInput> = {}): AnswerInput {
  return answerInput('lygtebaererne', {
    request: { subjectName: 'Birte Ødegård', subjectEmail: 'birte@example.dk' },
    collected: [{ category: 'member-contact', rows: [{ navn: 'Birte Ødegård', medlemsnummer: 'L-7781' }] }],
    ...over,
  })
}
let renders = 0
const counted = (input: AnswerInput) => {
  renders++
  return renderAnswer(input)
}

let nextAnswerId = 1
const answerId = () => nextAnswerId++

afterEach(() => {
  renders = 0
  resetClock()
})

describe('a kept preview', () => {
  test('is drawn once for each version of the answer; officers opening it meanwhile wait for that one render', async () => {
    const id = answerId()
    const [a, b] = await Promise.all([cachedPreview(id, answer(), counted), cachedPreview(id, answer(), counted)])
    expect(renders).toBe(1)
    expect(b).toBe(a)
    expect(await cachedPreview(id, answer({ answeredAt: new Date('2026-03-02T15:45:00Z') }), counted)).toBe(a)
    expect(renders).toBe(1)
  })

  test('is drawn again when anything the documents say changes', async () => {
    const id = answerId()
    const first = await cachedPreview(id, answer(), counted)
    const changes: Array<Partial<AnswerInput>> = [
      { outcome: 'no_data' },
      { collected: [{ category: 'member-contact', rows: [{ navn: 'Birte Ødegård', medlemsnummer: 'L-7782' }] }] },
      { request: { ...answer().request, subjectName: 'Birte Ødegaard' } },
      { org: { ...answer().org, privacyEmail: 'dpo@lygtebaererne.example' } },
      // The next day in Copenhagen (23:30 UTC is past midnight there): the letter carries that day's date.
      { answeredAt: new Date('2026-03-02T23:30:00Z') },
    ]
    for (const change of changes) {
      const before = renders
      const documents = await cachedPreview(id, answer(change), counted)
      expect(renders, JSON.stringify(Object.keys(change))).toBe(before + 1)
      expect(documents).not.toBe(first)
    }
  })

  test('keeps one version per answer: going back to an earlier one draws it again', async () => {
    const id = answerId()
    await cachedPreview(id, answer(), counted)
    await cachedPreview(id, answer({ outcome: 'no_data' }), counted)
    await cachedPreview(id, answer(), counted)
    expect(renders).toBe(3)
  })

  test('a failed render is not kept', async () => {
    const id = answerId()
    let fail = true
    const flaky = (input: AnswerInput) => (fail ? Promise.reject(new Error('the worker stopped')) : counted(input))
    await expect(cachedPreview(id, answer(), flaky)).rejects.toThrow('the worker stopped')
    fail = false
    await cachedPreview(id, answer(), flaky)
    expect(renders).toBe(1)
  })

  test('is forgotten once sent, and after its idle time', async () => {
    setClock('2026-03-02T10:00:00Z')
    const id = answerId()
    await cachedPreview(id, answer(), counted)
    forgetPreview(id)
    await cachedPreview(id, answer(), counted)
    expect(renders).toBe(2)
    advanceClock(PREVIEW_IDLE_MS - 1)
    await cachedPreview(id, answer(), counted)
    expect(renders).toBe(2)
    advanceClock(PREVIEW_IDLE_MS + 1)
    await cachedPreview(id, answer(), counted)
    expect(renders).toBe(3)
  })

  test('keeps at most its size in documents, the least recently used going first', async () => {
    const quarter = Math.floor(PREVIEW_CACHE_BYTES / 4)
    // Documents of a given size, whatever they hold: the cap counts bytes.
    const sized = (input: AnswerInput): Promise<RenderedDocument[]> => {
      renders++
      return Promise.resolve([{ kind: 'access_pdf', filename: `${input.request.reference}.pdf`, contentType: 'application/pdf', content: Buffer.alloc(quarter) }])
    }
    const ids = [answerId(), answerId(), answerId(), answerId(), answerId()]
    for (const id of ids.slice(0, 4)) await cachedPreview(id, answer(), sized)
    await cachedPreview(ids[0]!, answer(), sized) // the oldest, used again
    expect(renders).toBe(4)
    await cachedPreview(ids[4]!, answer(), sized) // a fifth quarter: the least recently used goes
    await cachedPreview(ids[0]!, answer(), sized)
    expect(renders).toBe(5)
    await cachedPreview(ids[1]!, answer(), sized)
    expect(renders).toBe(6)
  })
})

test('the version of an answer is the same all day in the organisation’s time zone, and differs with any change', () => {
  const morning = previewVersion(answer({ answeredAt: new Date('2026-03-02T06:00:00Z') }))
  expect(previewVersion(answer({ answeredAt: new Date('2026-03-02T22:59:00Z') }))).toBe(morning)
  expect(previewVersion(answer({ answeredAt: new Date('2026-03-02T23:01:00Z') }))).not.toBe(morning)
  expect(previewVersion(answer({ reasons: 'Fordi.' }))).not.toBe(morning)
})
