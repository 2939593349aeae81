import { afterEach, describe, expect, test } from 'vitest'
import { readZip } from './test-support'
import { zipFiles } from './zip.server'

const files = [
  { name: 'README.txt', content: 'Æbler og ål\r\n' },
  { name: 'data.json', content: '{"name":"Áile Ŋuollaš Čiekču"}\n' },
  { name: 'binary.bin', content: Buffer.from([0, 1, 2, 255]) },
]
const options = { mtime: new Date('2026-03-02T10:00:00Z'), timeZone: 'Europe/Oslo' }

const originalTz = process.env.TZ
afterEach(() => {
  process.env.TZ = originalTz
})

describe('zipFiles', () => {
  test('holds every file, in order, byte for byte, with the wall-clock time of the organisation', async () => {
    const entries = await readZip(await zipFiles(files, options))
    expect(entries.map((e) => e.name)).toEqual(['README.txt', 'data.json', 'binary.bin'])
    expect(entries[0]!.content.toString('utf8')).toBe('Æbler og ål\r\n')
    expect(entries[1]!.content.toString('utf8')).toBe('{"name":"Áile Ŋuollaš Čiekču"}\n')
    expect(entries[2]!.content).toEqual(Buffer.from([0, 1, 2, 255]))
    // 10:00 UTC is 11:00 in Oslo in March.
    expect(entries.map((e) => e.modified)).toEqual(Array(3).fill('2026-03-02T11:00:00'))
  })

  test('gives the same bytes for the same files, whatever the server clock or time zone', async () => {
    process.env.TZ = 'America/New_York'
    const first = await zipFiles(files, options)
    process.env.TZ = 'Asia/Tokyo'
    const second = await zipFiles(files, options)
    expect(second.equals(first)).toBe(true)
    expect((await zipFiles(files, { ...options, mtime: new Date('2026-03-02T10:00:02Z') })).equals(first)).toBe(false)
  })

  test('refuses two files with the same name, which unzip programs would overwrite silently', async () => {
    await expect(zipFiles([files[0]!, files[0]!], options)).rejects.toThrow('README.txt')
  })
})

describe('zipFiles with files given as parts', () => {
  const rows = (n: number) => ({
    *[Symbol.iterator]() {
      yield 'n;name\r\n'
      for (let i = 0; i < n; i++) yield `${i};Áile Ŋuollaš ${i}\r\n`
    },
  })

  test('writes every part in order, the same bytes each time, beside whole files', async () => {
    const parted = [...files, { name: 'rows.csv', content: rows(20_000) }]
    const zip = await zipFiles(parted, options)
    const entries = await readZip(zip)
    expect(entries.map((e) => e.name)).toEqual(['README.txt', 'data.json', 'binary.bin', 'rows.csv'])
    expect(entries[3]!.content.toString('utf8')).toBe([...rows(20_000)].join(''))
    expect(entries[3]!.modified).toBe('2026-03-02T11:00:00')
    expect((await zipFiles(parted, options)).equals(zip)).toBe(true)
  })

  test('a part that cannot be made fails the ZIP', async () => {
    const failing = {
      *[Symbol.iterator]() {
        yield 'a'.repeat(100_000)
        throw new Error('row 7 unreadable')
      },
    }
    await expect(zipFiles([files[0]!, { name: 'rows.csv', content: failing }], options)).rejects.toThrow('row 7 unreadable')
  })
})
