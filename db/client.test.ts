import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { eq, sql } from 'drizzle-orm'
import { afterAll, describe, expect, test } from 'vitest'
import { KEPT_STATEMENTS, migrateDatabase, openDatabase } from './client.server'
import { rateLimits } from './schema'

// The connection keeps the statements SQLite compiled (db/client.server.ts):
// drizzle asks for a query's statement anew on every call.

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kept-statements-'))
const db = openDatabase(path.join(dir, 'test.sqlite'))
migrateDatabase(db)
db.$client.exec('create table t (n integer)')
db.$client.exec(`insert into t (n) values ${Array.from({ length: 10 }, (_, i) => `(${i})`).join(',')}`)
afterAll(() => {
  db.$client.close()
  fs.rmSync(dir, { recursive: true, force: true })
})

describe('statements kept by the connection', () => {
  test('the same SQL is compiled once and handed out again', () => {
    const a = db.$client.prepare('select n from t where n = ?')
    expect(db.$client.prepare('select n from t where n = ?')).toBe(a)
    expect(db.$client.prepare('select n from t where n > ?')).not.toBe(a)
  })

  test('a statement left giving arrays or single values gives rows as objects when handed out again', () => {
    db.$client.prepare('select n from t where n = ?').raw(true)
    expect(db.$client.prepare('select n from t where n = ?').get(3)).toEqual({ n: 3 })
    db.$client.prepare('select n from t where n = ?').pluck(true)
    expect(db.$client.prepare('select n from t where n = ?').get(4)).toEqual({ n: 4 })
    // What drizzle does: a query with mapped columns turns raw on, a plain SQL query of the same text expects objects.
    db.insert(rateLimits).values({ key: 'k', windowStart: new Date(0), windowMs: 1000, count: 2 }).run()
    expect(db.select({ count: rateLimits.count }).from(rateLimits).where(eq(rateLimits.key, 'k')).get()).toEqual({ count: 2 })
    expect(db.get(sql`select "count" from "rate_limits" where "rate_limits"."key" = ${'k'}`)).toEqual({ count: 2 })
  })

  test('a statement still stepping through its rows is not handed out: another is compiled', () => {
    const source = 'select n from t order by n'
    const first = db.$client.prepare(source)
    const rows = first.iterate()
    expect((rows.next().value as { n: number }).n).toBe(0)
    const second = db.$client.prepare(source)
    expect(second).not.toBe(first)
    expect(second.all()).toHaveLength(10)
    expect((rows.next().value as { n: number }).n).toBe(1)
    rows.return?.()
    expect(db.$client.prepare(source)).toBe(first)
  })

  test('at most KEPT_STATEMENTS are kept, the least recently used going first', () => {
    const oldest = db.$client.prepare('select 0 + ? as n')
    const recent = db.$client.prepare('select 1 + ? as n')
    for (let i = 2; i < KEPT_STATEMENTS + 1; i++) {
      db.$client.prepare(`select ${i} + ? as n`)
      if (i === KEPT_STATEMENTS - 10) expect(db.$client.prepare('select 1 + ? as n')).toBe(recent)
    }
    expect(db.$client.prepare('select 1 + ? as n')).toBe(recent)
    expect(db.$client.prepare('select 0 + ? as n')).not.toBe(oldest)
  })
})
