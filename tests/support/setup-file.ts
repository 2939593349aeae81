import { randomUUID } from 'node:crypto'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterAll, afterEach, beforeEach, expect, vi, type MockInstance } from 'vitest'
import { CONSOLE_ERROR_ALLOWED } from './console'

// Runs before each test file: its own database file, its own connector folder
// (so sample databases a test builds never replace the served demo's), a test environment, and
// a console.error during a test fails that test (an error nobody asserted on
// is a bug nobody will see).

const dbFile = path.join(os.tmpdir(), `rights-portal-test-${process.pid}-${randomUUID()}.sqlite`)
const connectorDir = fs.mkdtempSync(path.join(os.tmpdir(), `rights-portal-test-connectors-${process.pid}-`))
process.env.DATABASE_PATH = dbFile
process.env.CONNECTOR_DIR = connectorDir
process.env.NODE_ENV = 'test'
process.env.SESSION_SECRET = 'test-secret-for-the-test-suite-only'

const flags = globalThis as unknown as Record<symbol, boolean | undefined>
let spy: MockInstance<typeof console.error> | undefined

beforeEach(() => {
  flags[CONSOLE_ERROR_ALLOWED] = false
  spy = vi.spyOn(console, 'error')
})

afterEach(() => {
  const calls = spy?.mock.calls ?? []
  spy?.mockRestore()
  spy = undefined
  if (flags[CONSOLE_ERROR_ALLOWED]) return
  const printed = calls.map((args) => args.map((a) => (a instanceof Error ? (a.stack ?? a.message) : String(a))).join(' '))
  expect(printed, 'console.error was called during this test').toEqual([])
})

afterAll(() => {
  for (const suffix of ['', '-wal', '-shm', '.lock']) fs.rmSync(dbFile + suffix, { force: true })
  fs.rmSync(connectorDir, { recursive: true, force: true })
})
