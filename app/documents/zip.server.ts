import yazl from 'yazl'
import type { DocumentFile } from './model'

/**
 * A ZIP of the files, in the order given. The same files and options give
 * the same bytes, whatever the server's clock or time zone: ZIP stores a
 * local wall-clock time without a zone, so `mtime` is written as the wall
 * time in `timeZone` (the organisation's), with no extra UTC timestamp field.
 */
export async function zipFiles(files: DocumentFile[], options: { mtime: Date; timeZone: string }): Promise<Buffer> {
  const names = new Set<string>()
  for (const file of files) {
    if (names.has(file.name)) throw new Error(`Two files in one ZIP are both called "${file.name}"`)
    names.add(file.name)
  }
  const zip = new yazl.ZipFile()
  const mtime = wallClockInProcessZone(options.mtime, options.timeZone)
  for (const file of files) {
    const content = typeof file.content === 'string' ? Buffer.from(file.content, 'utf8') : file.content
    zip.addBuffer(content, file.name, { mtime, mode: 0o100644, forceDosTimestamp: true })
  }
  const done = new Promise<Buffer>((resolve, reject) => {
    const chunks: Buffer[] = []
    zip.outputStream.on('data', (chunk: Buffer) => chunks.push(chunk))
    zip.outputStream.on('end', () => resolve(Buffer.concat(chunks)))
    zip.outputStream.on('error', reject)
  })
  zip.end()
  return done
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
