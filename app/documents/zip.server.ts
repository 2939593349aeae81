import { Readable } from 'node:stream'
import yazl from 'yazl'
import type { DocumentFile } from './model'

/**
 * A ZIP of the files, in the order given. The same files and options give
 * the same bytes, whatever the server's clock or time zone: ZIP stores a
 * local wall-clock time without a zone, so `mtime` is written as the wall
 * time in `timeZone` (the organisation's), with no extra UTC timestamp field.
 *
 * A file given as parts is read part by part as the ZIP is written, and
 * compressed as it comes: what is held is the compressed ZIP, not the text.
 * The ZIP itself is returned whole, as it is sealed and stored whole.
 */
export async function zipFiles(files: DocumentFile[], options: { mtime: Date; timeZone: string }): Promise<Buffer> {
  const names = new Set<string>()
  for (const file of files) {
    if (names.has(file.name)) throw new Error(`Two files in one ZIP are both called "${file.name}"`)
    names.add(file.name)
  }
  const zip = new yazl.ZipFile()
  const mtime = wallClockInProcessZone(options.mtime, options.timeZone)
  let fail: (error: unknown) => void = () => {}
  const done = new Promise<Buffer>((resolve, reject) => {
    fail = reject
    const chunks: Buffer[] = []
    zip.outputStream.on('data', (chunk: Buffer) => chunks.push(chunk))
    zip.outputStream.on('end', () => resolve(Buffer.concat(chunks)))
    zip.outputStream.on('error', reject)
    zip.on('error', reject)
  })
  for (const file of files) {
    const options = { mtime, mode: 0o100644, forceDosTimestamp: true }
    const content = file.content
    if (typeof content === 'string') zip.addBuffer(Buffer.from(content, 'utf8'), file.name, options)
    else if (Buffer.isBuffer(content)) zip.addBuffer(content, file.name, options)
    else
      zip.addReadStreamLazy(file.name, options, (give) => {
        const stream = Readable.from(utf8Chunks(content), { objectMode: false })
        // A part that fails to be made fails the ZIP (yazl listens to no errors of its own streams).
        stream.on('error', fail)
        give(null, stream)
      })
  }
  zip.end()
  return done
}

/** Text parts as UTF-8 buffers of about `size` bytes: few, large writes, never the whole text. */
export function* utf8Chunks(parts: Iterable<string>, size = 64 * 1024): Generator<Buffer, void, undefined> {
  let pending: string[] = []
  let length = 0
  for (const part of parts) {
    pending.push(part)
    length += part.length
    if (length >= size) {
      yield Buffer.from(pending.join(''), 'utf8')
      pending = []
      length = 0
    }
  }
  if (length > 0) yield Buffer.from(pending.join(''), 'utf8')
}

/** A Date whose local-time fields (what yazl writes) are the wall-clock time of `instant` in `timeZone`. */
function wallClockInProcessZone(instant: Date, timeZone: string): Date {
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat('en-GB', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    })
      .formatToParts(instant)
      .map((p) => [p.type, Number(p.value)]),
  ) as Record<'year' | 'month' | 'day' | 'hour' | 'minute' | 'second', number>
  return new Date(parts.year, parts.month - 1, parts.day, parts.hour, parts.minute, parts.second)
}
