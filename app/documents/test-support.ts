import { execFileSync } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterAll } from 'vitest'
import yauzl from 'yauzl'

// For tests only: read documents back with the tools a person's computer
// would use (poppler's pdftotext, pdfinfo and pdftoppm; a ZIP reader), so a
// test sees what the person sees, not what the code meant to write.

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'answer-documents-'))
// Registered while the importing test file is collected: the folder goes when that file's tests end.
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }))
let counter = 0

function tempPdf(pdf: Buffer): string {
  const file = path.join(tmp, `document-${++counter}.pdf`)
  fs.writeFileSync(file, pdf)
  return file
}

/** The text of every page, as pdftotext gives it (`-layout` keeps columns side by side; the default keeps a cell's lines together). */
export function pdfPages(pdf: Buffer, mode: 'layout' | 'raw' = 'raw'): string[] {
  const text = execFileSync('pdftotext', [`-${mode}`, '-enc', 'UTF-8', tempPdf(pdf), '-'], { encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 })
  const pages = text.split('\f')
  if (pages.at(-1)?.trim() === '') pages.pop()
  return pages
}

/** All text on one line per paragraph-ish run: whitespace (and the line breaks of wrapping) collapsed to single spaces. */
export function pdfText(pdf: Buffer): string {
  return flat(pdfPages(pdf).join('\n'))
}

export const flat = (text: string) => text.replace(/\s+/g, ' ').trim()

export function pdfInfo(pdf: Buffer): Record<string, string> {
  const out = execFileSync('pdfinfo', ['-isodates', '-enc', 'UTF-8', tempPdf(pdf)], { encoding: 'utf8' })
  return Object.fromEntries(
    out
      .split('\n')
      .map((line) => /^([^:]+):\s*(.*)$/.exec(line))
      .filter((m): m is RegExpExecArray => m !== null)
      .map((m) => [m[1]!.trim(), m[2]!.trim()]),
  )
}

/** The structure tree with its text, as a screen reader finds it (pdfinfo -struct-text). */
export function pdfStructure(pdf: Buffer): string {
  return execFileSync('pdfinfo', ['-struct-text', tempPdf(pdf)], { encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 })
}

export function pdfFonts(pdf: Buffer): string {
  return execFileSync('pdffonts', [tempPdf(pdf)], { encoding: 'utf8' })
}

/** Renders pages to test-results/documents/<name>-<page>.png for a person to look at; returns the files. */
export function previewPages(pdf: Buffer, name: string, pages: number[]): string[] {
  const dir = path.resolve('test-results', 'documents')
  fs.mkdirSync(dir, { recursive: true })
  const file = tempPdf(pdf)
  return pages.map((page) => {
    const out = path.join(dir, `${name}-page${page}`)
    execFileSync('pdftoppm', ['-png', '-r', '60', '-f', String(page), '-l', String(page), '-singlefile', file, out])
    return `${out}.png`
  })
}

/** `modified` is the entry's wall-clock time as stored (ZIP keeps no zone): "2026-03-02T11:00:00". */
export type ZipEntry = { name: string; content: Buffer; modified: string }

/** Every entry of a ZIP, read with yauzl as an unzip program would. */
export function readZip(zip: Buffer): Promise<ZipEntry[]> {
  return new Promise((resolve, reject) => {
    yauzl.fromBuffer(zip, { lazyEntries: true }, (error, archive) => {
      if (error || !archive) return reject(error ?? new Error('no archive'))
      const entries: ZipEntry[] = []
      archive.on('entry', (entry: yauzl.Entry) => {
        archive.openReadStream(entry, (streamError, stream) => {
          if (streamError || !stream) return reject(streamError ?? new Error('no stream'))
          const chunks: Buffer[] = []
          stream.on('data', (chunk: Buffer) => chunks.push(chunk))
          stream.on('error', reject)
          stream.on('end', () => {
            entries.push({ name: entry.fileName, content: Buffer.concat(chunks), modified: entry.getLastModDate({ timezone: 'UTC' }).toISOString().slice(0, 19) })
            archive.readEntry()
          })
        })
      })
      archive.on('end', () => resolve(entries))
      archive.on('error', reject)
      archive.readEntry()
    })
  })
}
