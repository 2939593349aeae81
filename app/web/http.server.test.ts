import { describe, expect, test } from 'vitest'
import { streamedFileResponse } from './http.server'

// A streamed download hands on its parts one at a time, and a failure half-way
// aborts it: the reader gets an error, never an end that looks complete.

const FILE = { contentType: 'text/csv; charset=utf-8', filename: 'x.csv', disposition: 'attachment' } as const

describe('streamedFileResponse', () => {
  test('takes the first part before answering and each later one only when asked for it', async () => {
    const taken: number[] = []
    function* parts() {
      for (let i = 0; i < 4; i++) {
        taken.push(i)
        yield `part ${i}\n`
      }
    }
    const response = streamedFileResponse(parts(), FILE)
    expect(taken).toEqual([0])
    expect(response.headers.get('content-length')).toBeNull()
    expect(response.headers.get('cache-control')).toBe('no-store')
    expect(response.headers.get('content-disposition')).toBe('attachment; filename="x.csv"')
    const reader = response.body!.getReader()
    const first = await reader.read()
    expect(new TextDecoder().decode(first.value)).toBe('part 0\n')
    expect(taken.length).toBeLessThan(4)
    let rest = ''
    for (;;) {
      const { done, value } = await reader.read()
      if (done) break
      rest += new TextDecoder().decode(value)
    }
    expect(rest).toBe('part 1\npart 2\npart 3\n')
  })

  test('a failure before the first part is thrown while answering, so it becomes an ordinary error response', () => {
    function* parts(): Generator<string, void, undefined> {
      throw new Error('database gone')
    }
    expect(() => streamedFileResponse(parts(), FILE)).toThrow('database gone')
  })

  test('a failure after the first part errors the stream: the download ends broken, not complete', async () => {
    function* parts() {
      yield 'header\n'
      yield 'row 1\n'
      throw new Error('database gone')
    }
    const reader = streamedFileResponse(parts(), FILE).body!.getReader()
    expect(new TextDecoder().decode((await reader.read()).value)).toBe('header\n')
    expect(new TextDecoder().decode((await reader.read()).value)).toBe('row 1\n')
    await expect(reader.read()).rejects.toThrow('database gone')
  })

  test('a download given up stops the parts', async () => {
    let finished = false
    function* parts() {
      try {
        for (let i = 0; ; i++) yield `${i}\n`
      } finally {
        finished = true
      }
    }
    const reader = streamedFileResponse(parts(), FILE).body!.getReader()
    await reader.read()
    await reader.cancel()
    expect(finished).toBe(true)
  })
})
