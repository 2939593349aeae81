import { describe, expect, it } from 'vitest'
import { cleanFileName, FILE_LIMITS, readDocumentFile } from './documents'
import { expectFailure, tinyPdf, tinyPng } from './test-support'

// Documents and images of a person's data: their type is read from their
// bytes, never from their name, and a cut-off or oversized file is refused
// with a message in each language.

describe('a document or image', () => {
  it('is read as what its bytes are: a real PNG, a PDF, a JPEG', () => {
    const png = readDocumentFile({ name: 'C:\\scans\\røntgen Čuovga.png', bytes: tinyPng() })
    expect(png).toMatchObject({ ok: true, file: { name: 'røntgen Čuovga.png', contentType: 'image/png' } })
    expect(readDocumentFile({ name: 'letter', bytes: tinyPdf() })).toMatchObject({ ok: true, file: { contentType: 'application/pdf' } })
    const jpeg = Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0, 16, 0x4a, 0x46, 0x49, 0x46, 0, 1, 0xff, 0xd9])
    expect(readDocumentFile({ name: 'photo.JPEG', bytes: jpeg })).toMatchObject({ ok: true, file: { contentType: 'image/jpeg' } })
  })

  it('is refused when its name says PNG and its bytes are something else', () => {
    expectFailure(readDocumentFile({ name: 'xray.png', bytes: Buffer.from('name;email\nÁile;aile@example.no\n') }), 'collection:errors.file.notDocument', { filename: 'xray.png' })
    expectFailure(readDocumentFile({ name: 'xray.png', bytes: tinyPdf() }), 'collection:errors.file.mismatch', { filename: 'xray.png', named: 'PNG', found: 'PDF' })
  })

  it('is refused when cut off, empty or too large', () => {
    const png = tinyPng()
    expectFailure(readDocumentFile({ name: 'xray.png', bytes: png.subarray(0, png.length - 20) }), 'collection:errors.file.broken', { filename: 'xray.png', type: 'PNG' })
    expectFailure(readDocumentFile({ name: 'scan.pdf', bytes: tinyPdf().subarray(0, 40) }), 'collection:errors.file.broken', { filename: 'scan.pdf', type: 'PDF' })
    expectFailure(readDocumentFile({ name: 'xray.png', bytes: new Uint8Array() }), 'collection:errors.file.empty', { filename: 'xray.png' })
    const huge = Buffer.concat([png, Buffer.alloc(FILE_LIMITS.bytes)])
    expectFailure(readDocumentFile({ name: 'xray.png', bytes: huge }), 'collection:errors.file.tooLarge', { filename: 'xray.png', maxMegabytes: 5 })
  })

  it('keeps a name without its path or control characters, within the limit', () => {
    expect(cleanFileName('../../etc/passwd')).toBe('passwd')
    expect(cleanFileName('a\u0000b\u202e.png')).toBe('ab.png')
    expect(cleanFileName('..')).toBe('file')
    expect(Array.from(cleanFileName('ø'.repeat(500)))).toHaveLength(FILE_LIMITS.nameCharacters)
  })
})
