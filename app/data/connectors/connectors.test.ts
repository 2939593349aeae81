import { execFileSync } from 'node:child_process'
import { createHash } from 'node:crypto'
import fs from 'node:fs'
import http from 'node:http'
import https from 'node:https'
import type { AddressInfo } from 'node:net'
import os from 'node:os'
import path from 'node:path'
import Database from 'better-sqlite3'
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest'
import { LIMITS, fail } from './collected'
import { resolveConnectorFile } from './files.server'
import { runConnector, type ConnectorContext, type ConnectorQuery } from './index.server'
import type { SqliteConnector } from './sqlite.server'
import { expectFailure, tinyPdf, tinyPng } from './test-support'
import type { WebhookConnector } from './webhook.server'

const SAMI = 'Áile Ŋuollaš Čiekču'
const REFERENCE = 'K7M4-Q9PX'

const ORG = 'test-org'
/** The connector folder of these tests (CONNECTOR_DIR)… */
let root: string
/** …and the organisation's own folder in it, where its files are. */
let dir: string
const person: ConnectorQuery = {
  reference: REFERENCE,
  identifiers: { email: 'aile@example.no', name: SAMI, phone: '+47 912 34 567', customerNumber: 'K-1001' },
}

beforeAll(() => {
  root = fs.mkdtempSync(path.join(os.tmpdir(), 'rights-portal-connectors-'))
  dir = path.join(root, ORG)
  fs.mkdirSync(dir)
})

afterAll(() => {
  fs.rmSync(root, { recursive: true, force: true })
})

/** The ids of connector queries running in processes of this one's (./sqlite-process.server.ts). */
function queryPids(): number[] {
  try {
    const lines = execFileSync('ps', ['-o', 'pid=,args=', '--ppid', String(process.pid)], { encoding: 'utf8' }).split('\n')
    return lines.filter((line) => line.includes('--max-old-space-size=512')).map((line) => Number.parseInt(line.trim(), 10))
  } catch {
    return [] // ps exits 1 when there is no child at all
  }
}
const queryProcesses = () => queryPids().length

function expectCollected(result: Awaited<ReturnType<typeof runConnector>>) {
  if (!result.ok) throw new Error(`expected data, got ${JSON.stringify(result.error)}`)
  return result.collected
}

// ---------------------------------------------------------------------------

describe('sqlite', () => {
  const file = 'crm.sqlite'
  let fixture: string
  let fixtureHash: string
  const hash = () => createHash('sha256').update(fs.readFileSync(fixture)).digest('hex')

  beforeAll(() => {
    fixture = path.join(dir, file)
    const db = new Database(fixture)
    db.exec(`
      CREATE TABLE customers (customer_number TEXT, email TEXT, name TEXT, phone TEXT, notes TEXT, photo BLOB, loyalty_id INTEGER);
      CREATE TABLE orders (customer_number TEXT, item TEXT, amount REAL);
    `)
    const customer = db.prepare('INSERT INTO customers VALUES (?, ?, ?, ?, ?, ?, ?)')
    // Stored decomposed, with a Windows line break and a stray bell, as old systems do.
    customer.run('K-1001', 'aile@example.no', SAMI.normalize('NFD'), '+47 912 34 567', '  Ringte 3 ganger.\r\nVil ha brev\u0007  ', Buffer.from([0x89, 0x50, 0x4e, 0x47]), 9007199254740993n)
    customer.run('K-1002', 'jens@example.dk', 'Jens Hansen', '', 'Ingen', null, 7)
    const order = db.prepare('INSERT INTO orders VALUES (?, ?, ?)')
    order.run('K-1001', 'Luhkka', 1249.5)
    order.run('K-1001', 'Gákti', 4990)
    order.run('K-1002', 'Votter', 199)
    db.close()
    fixtureHash = hash()
  })

  afterAll(() => {
    // Nothing the connector did, not even the refused writes, changed the organisation's file.
    expect(hash()).toBe(fixtureHash)
  })

  const sqlite = (queries: SqliteConnector['queries'], at = file): SqliteConnector => ({ kind: 'sqlite', file: at, queries, timeoutMs: 10_000 })
  const run = (config: SqliteConnector, q: ConnectorQuery = person) => runConnector(config, q, { orgSlug: ORG, connectorDir: root })

  it('runs one query per category with the identifiers as named parameters, and normalises what comes back', async () => {
    const collected = expectCollected(
      await run(
        sqlite([
          { category: 'contact-details', sql: 'SELECT name, email, phone, notes FROM customers WHERE email = :email' },
          { category: 'orders', sql: 'SELECT item, amount FROM orders WHERE customer_number = :customerNumber ORDER BY item' },
        ]),
      ),
    )
    expect(collected).toEqual([
      { category: 'contact-details', rows: [{ name: SAMI, email: 'aile@example.no', phone: '+47 912 34 567', notes: 'Ringte 3 ganger.\nVil ha brev' }] },
      {
        category: 'orders',
        rows: [
          { item: 'Gákti', amount: 4990 },
          { item: 'Luhkka', amount: 1249.5 },
        ],
      },
    ])
  })

  it('binds values, never splices them: an injection attempt finds nobody', async () => {
    const attack = "x' OR '1'='1"
    // The same text spliced into the SQL would return every customer.
    const db = new Database(path.join(dir, file), { readonly: true })
    expect(db.prepare(`SELECT name FROM customers WHERE email = '${attack}'`).all()).toHaveLength(2)
    db.close()

    const config = sqlite([{ category: 'contact-details', sql: 'SELECT name FROM customers WHERE email = :email' }])
    const collected = expectCollected(await run(config, { reference: REFERENCE, identifiers: { email: attack } }))
    expect(collected).toEqual([{ category: 'contact-details', rows: [] }])
  })

  it('binds the parameter styles SQLite knows: :name, @name and $name', async () => {
    const config = sqlite([{ category: 'contact-details', sql: 'SELECT customer_number FROM customers WHERE email = @email AND phone = $phone AND customer_number = :customerNumber' }])
    expect(expectCollected(await run(config))).toEqual([{ category: 'contact-details', rows: [{ customer_number: 'K-1001' }] }])
  })

  it.each([
    ['DELETE', 'DELETE FROM customers'],
    ['UPDATE', "UPDATE customers SET notes = 'x' WHERE email = :email"],
    ['INSERT … RETURNING, which returns rows', "INSERT INTO orders VALUES ('K-1001', 'x', 1) RETURNING item"],
    ['a pragma that writes', 'PRAGMA journal_mode = DELETE'],
    ['ATTACH, which reads as read-only', "ATTACH DATABASE ':memory:' AS other"],
    ['CREATE', 'CREATE TABLE notes (x)'],
  ])('refuses a statement that is not a read-only query: %s', async (_, sql) => {
    const config = sqlite([
      { category: 'contact-details', sql: 'SELECT name FROM customers WHERE email = :email' },
      { category: 'orders', sql },
    ])
    expectFailure(await run(config), 'collection:errors.sqlite.notReadOnly', { category: 'orders' })
  })

  it('opens the file read-only: a query the statement checks let through, but which writes on a writable connection, fails and changes nothing', async () => {
    // PRAGMA optimize is a reader and "read-only" to SQLite's statement check,
    // yet on a writable connection it runs ANALYZE and writes sqlite_stat1
    // into the file. Only the connection's own read-only mode stops it.
    const indexed = path.join(dir, 'indexed.sqlite')
    const setup = new Database(indexed)
    setup.exec("CREATE TABLE visits (email TEXT, at TEXT); CREATE INDEX visits_email ON visits (email); INSERT INTO visits VALUES ('aile@example.no', '2026-05-01')")
    const probe = setup.prepare('PRAGMA optimize')
    expect([probe.reader, probe.readonly]).toEqual([true, true])
    setup.close()
    const before = fs.readFileSync(indexed)
    const config = sqlite(
      [
        { category: 'contact-details', sql: 'SELECT email FROM visits WHERE email = :email' },
        { category: 'orders', sql: 'PRAGMA optimize' },
      ],
      'indexed.sqlite',
    )
    expectFailure(await run(config), 'collection:errors.sqlite.queryFailed', { category: 'orders', message: 'attempt to write a readonly database' })
    expect(fs.readFileSync(indexed).equals(before), 'the file is byte for byte as it was').toBe(true)
    const after = new Database(indexed, { readonly: true })
    expect(after.prepare("SELECT count(*) AS n FROM sqlite_master WHERE name = 'sqlite_stat1'").get()).toEqual({ n: 0 })
    after.close()
    for (const suffix of ['-wal', '-shm', '-journal']) expect(fs.existsSync(indexed + suffix), suffix).toBe(false)
  })

  it('binds an identifier the person did not give, or left blank, as NULL, which matches nobody', async () => {
    const config = sqlite([{ category: 'contact-details', sql: 'SELECT name FROM customers WHERE phone = :phone OR email = :email' }])
    const { phone: _, ...withoutPhone } = person.identifiers
    expect(expectCollected(await run(config, { reference: REFERENCE, identifiers: withoutPhone }))).toEqual([{ category: 'contact-details', rows: [{ name: SAMI }] }])
    // Bound as '', a blank phone would match Jens, whose phone is empty.
    const byPhone = sqlite([{ category: 'contact-details', sql: 'SELECT name FROM customers WHERE phone = :phone' }])
    expect(expectCollected(await run(byPhone, { reference: REFERENCE, identifiers: { ...person.identifiers, phone: '  ' } }))).toEqual([{ category: 'contact-details', rows: [] }])
    expect(expectCollected(await run(byPhone, { reference: REFERENCE, identifiers: {} }))).toEqual([{ category: 'contact-details', rows: [] }])
  })

  it('says which parameter a query names that is not an identifier at all', async () => {
    const config = sqlite([{ category: 'orders', sql: 'SELECT item FROM orders WHERE customer_number = :customerNo' }])
    expectFailure(await run(config), 'collection:errors.sqlite.missingParameter', { category: 'orders', parameter: 'customerNo' })
  })

  it('refuses a file that does not exist, naming it as the organisation file does', async () => {
    const config = sqlite([{ category: 'orders', sql: 'SELECT 1' }], 'missing.sqlite')
    expectFailure(await run(config), 'collection:errors.sqlite.fileMissing', { file: 'missing.sqlite' })
    expect(fs.existsSync(path.join(dir, 'missing.sqlite'))).toBe(false)
  })

  it('reads a file in the connector folder, in a subfolder of it, or through a symlink that stays inside it', async () => {
    const query = [{ category: 'orders', sql: 'SELECT count(*) AS n FROM orders' }]
    const nested = path.join(dir, 'nested')
    fs.mkdirSync(nested, { recursive: true })
    fs.copyFileSync(path.join(dir, file), path.join(nested, file))
    fs.symlinkSync(path.join(dir, file), path.join(nested, 'link.sqlite'))
    for (const at of [file, `nested/${file}`, './nested/link.sqlite']) {
      expect(expectCollected(await run(sqlite(query, at))), at).toEqual([{ category: 'orders', rows: [{ n: 3 }] }])
    }
  })

  it('reads nothing of another organisation’s folder, although it is in the connector folder too', async () => {
    fs.mkdirSync(path.join(root, 'other-org'))
    fs.copyFileSync(path.join(dir, file), path.join(root, 'other-org', file))
    fs.symlinkSync(path.join(root, 'other-org', file), path.join(dir, 'theirs.sqlite'))
    const query = [{ category: 'orders', sql: 'SELECT count(*) AS n FROM orders' }]
    for (const at of ['theirs.sqlite', `../other-org/${file}`]) expectFailure(await run(sqlite(query, at)), 'collection:errors.connector.outsideFolder', { file: at })
    // The same file is theirs to read.
    expect(expectCollected(await runConnector(sqlite(query), person, { orgSlug: 'other-org', connectorDir: root }))).toEqual([{ category: 'orders', rows: [{ n: 3 }] }])
  })

  it('reads nothing outside the connector folder: an absolute path, "..", or a symlink that leads out', async () => {
    const outside = fs.mkdtempSync(path.join(os.tmpdir(), 'rights-portal-outside-'))
    try {
      fs.copyFileSync(path.join(dir, file), path.join(outside, file))
      fs.symlinkSync(path.join(outside, file), path.join(dir, 'out.sqlite'))
      fs.symlinkSync(outside, path.join(dir, 'out-folder'))
      const query = [{ category: 'orders', sql: 'SELECT count(*) AS n FROM orders' }]
      for (const at of [path.join(outside, file), `../${path.basename(outside)}/${file}`, 'out.sqlite', `out-folder/${file}`, '/etc/passwd', 'nested/../../etc/passwd']) {
        expectFailure(await run(sqlite(query, at)), 'collection:errors.connector.outsideFolder', { file: at })
      }
    } finally {
      fs.rmSync(outside, { recursive: true, force: true })
    }
  })

  it('refuses a file that is not an SQLite database', async () => {
    fs.writeFileSync(path.join(dir, 'export.sqlite'), 'name,email\nÁile,aile@example.no\n'.repeat(20))
    expectFailure(await run(sqlite([{ category: 'orders', sql: 'SELECT 1' }], 'export.sqlite')), 'collection:errors.sqlite.unreadable', {
      file: 'export.sqlite',
      message: 'file is not a database',
    })
  })

  it.each([
    ['a syntax error', 'SELEC name FROM customers', 'near "SELEC": syntax error'],
    ['an unknown table', 'SELECT * FROM people', 'no such table: people'],
    ['two statements', 'SELECT 1; SELECT 2', 'The supplied SQL string contains more than one statement'],
    ['a positional parameter', 'SELECT name FROM customers WHERE email = ?', 'Too few parameter values were provided'],
  ])('reports a query that fails (%s) with SQLite’s message', async (_, sql, message) => {
    expectFailure(await run(sqlite([{ category: 'orders', sql }])), 'collection:errors.sqlite.queryFailed', { category: 'orders', message })
  })

  it(`returns ${LIMITS.rows} rows and refuses more`, async () => {
    const rows = (n: number) => `WITH RECURSIVE seq(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM seq WHERE x < ${n}) SELECT x FROM seq`
    const collected = expectCollected(await run(sqlite([{ category: 'orders', sql: rows(LIMITS.rows) }])))
    expect(collected[0]?.rows).toHaveLength(LIMITS.rows)
    expectFailure(await run(sqlite([{ category: 'orders', sql: rows(LIMITS.rows + 1) }])), 'collection:errors.connector.tooManyRows', {
      category: 'orders',
      max: LIMITS.rows,
    })
  })

  it('stops a runaway query at its time limit, while the server goes on answering', async () => {
    // Another request, served by this process while the query runs.
    const server = http.createServer((_, res) => res.end('ok'))
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`
    const latencies: number[] = []
    // The longest the event loop went without running a timer: the whole query, had it run on it.
    let last = performance.now()
    let longestGap = 0
    let sawQuery = false
    const ticker = setInterval(() => {
      longestGap = Math.max(longestGap, performance.now() - last)
      last = performance.now()
    }, 10)
    // Looked for while the query runs, not at one instant: a busy machine may start the process late.
    const watcher = setInterval(() => (sawQuery ||= queryProcesses() > 0), 100)
    let stop = false
    const client = (async () => {
      while (!stop) {
        const started = performance.now()
        await (await fetch(url)).text()
        latencies.push(performance.now() - started)
        await new Promise((resolve) => setTimeout(resolve, 20))
      }
    })()
    try {
      const started = performance.now()
      const runaway = sqlite([{ category: 'orders', sql: 'WITH RECURSIVE r(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM r) SELECT count(*) FROM r' }])
      expectFailure(await run({ ...runaway, timeoutMs: 2_000 }), 'collection:errors.sqlite.timeout', { seconds: 2 })
      const elapsed = performance.now() - started
      expect(elapsed).toBeGreaterThanOrEqual(1_990)
      expect(elapsed).toBeLessThan(4_000)
      // The event loop was free the whole time: the timer fired, and every request was answered quickly.
      // Had the query run on it, both would be the whole two seconds; the margin (half of it) is for a
      // machine busy with other tests (two test files run at once).
      expect(longestGap).toBeLessThan(1_000)
      expect(latencies.length).toBeGreaterThan(20)
      expect(Math.max(...latencies)).toBeLessThan(1_000)
    } finally {
      stop = true
      await client
      clearInterval(ticker)
      clearInterval(watcher)
      server.closeAllConnections()
      await new Promise((resolve) => server.close(resolve))
    }
    expect(sawQuery, 'the query ran in a process of its own').toBe(true)
    // …which is gone, not left spinning.
    for (let i = 0; i < 50 && queryProcesses() > 0; i++) await new Promise((resolve) => setTimeout(resolve, 20))
    expect(queryProcesses()).toBe(0)
  })

  it('reports a query whose process dies (the system ran out of memory, say) as stopped', async () => {
    const runaway = sqlite([{ category: 'orders', sql: 'WITH RECURSIVE r(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM r) SELECT count(*) FROM r' }])
    const result = run({ ...runaway, timeoutMs: 20_000 })
    let pids: number[] = []
    for (let i = 0; i < 100 && pids.length === 0; i++) {
      await new Promise((resolve) => setTimeout(resolve, 20))
      pids = queryPids()
    }
    expect(pids).toHaveLength(1)
    process.kill(pids[0]!, 'SIGKILL')
    expectFailure(await result, 'collection:errors.sqlite.stopped')
  })

  it('refuses binary data, which cannot be shown as text, and takes it as hex()', async () => {
    expectFailure(await run(sqlite([{ category: 'contact-details', sql: 'SELECT name, photo FROM customers WHERE email = :email' }])), 'collection:errors.sqlite.binaryColumn', {
      category: 'contact-details',
      column: 'photo',
    })
    const collected = expectCollected(await run(sqlite([{ category: 'contact-details', sql: 'SELECT hex(photo) AS photo FROM customers WHERE email = :email' }])))
    expect(collected[0]?.rows).toEqual([{ photo: '89504E47' }])
  })

  it('keeps every digit of an integer too large for a JavaScript number', async () => {
    const collected = expectCollected(await run(sqlite([{ category: 'contact-details', sql: 'SELECT loyalty_id FROM customers ORDER BY customer_number' }])))
    expect(collected[0]?.rows).toEqual([{ loyalty_id: '9007199254740993' }, { loyalty_id: 7 }])
  })

  it('refuses two columns with one name, where one would silently hide the other', async () => {
    expectFailure(await run(sqlite([{ category: 'orders', sql: 'SELECT o.item, c.name AS item FROM orders o JOIN customers c USING (customer_number)' }])), 'collection:errors.connector.duplicateColumn', {
      category: 'orders',
      column: 'item',
    })
  })

  it('holds query results to the column and cell limits', async () => {
    const columns = Array.from({ length: LIMITS.columns + 1 }, (_, i) => `${i} AS c${i}`).join(', ')
    expectFailure(await run(sqlite([{ category: 'orders', sql: `SELECT ${columns}` }])), 'collection:errors.connector.tooManyColumns', {
      category: 'orders',
      max: LIMITS.columns,
      found: LIMITS.columns + 1,
    })
    const long = `substr(replace(hex(zeroblob(${LIMITS.cellCharacters})), '0', 'x'), 1, ${LIMITS.cellCharacters + 1})`
    expectFailure(await run(sqlite([{ category: 'orders', sql: `SELECT 'short' AS note UNION ALL SELECT ${long}` }])), 'collection:errors.connector.cellTooLong', {
      category: 'orders',
      row: 2,
      column: 'note',
      max: LIMITS.cellCharacters,
    })
  })
})

// ---------------------------------------------------------------------------

describe('the portal’s database behind a symlink', () => {
  it('is known with its WAL and shared memory, which SQLite keeps beside the real file', () => {
    const base = fs.mkdtempSync(path.join(os.tmpdir(), 'portal-link-'))
    try {
      fs.mkdirSync(path.join(base, 'real'))
      const real = path.join(base, 'real', 'portal.sqlite')
      const link = path.join(base, 'portal.sqlite')
      fs.symlinkSync(real, link)
      const db = new Database(link)
      db.pragma('journal_mode = WAL')
      db.exec('CREATE TABLE t (x); INSERT INTO t VALUES (1)')
      expect(fs.existsSync(`${real}-wal`)).toBe(true)
      const folder = path.join(base, 'connectors', 'acme')
      fs.mkdirSync(folder, { recursive: true })
      fs.linkSync(`${real}-wal`, path.join(folder, 'wal.sqlite'))
      fs.linkSync(`${real}-shm`, path.join(folder, 'shm.sqlite'))
      const missing = fail('collection:errors.sqlite.fileMissing', { file: 'x' })
      for (const file of ['wal.sqlite', 'shm.sqlite']) {
        expect(resolveConnectorFile(file, { orgSlug: 'acme', connectorDir: path.join(base, 'connectors'), databasePath: link }, missing)).toEqual(
          fail('collection:errors.connector.portalDatabase', { file }),
        )
      }
      db.close()
    } finally {
      fs.rmSync(base, { recursive: true, force: true })
    }
  })
})

describe('webhook', () => {
  type Received = { path: string; headers: Record<string, string | string[] | undefined>; body: string }
  const received: Received[] = []
  let server: https.Server
  let base: string
  const TOKEN_ENV = 'CONNECTOR_TOKEN_TEST_ORG__CRM'
  const TOKEN = 'test-token-9f2c'

  const openssl = (...args: string[]) => execFileSync('/usr/bin/openssl', args, { cwd: dir, stdio: 'pipe' })
  const json = (res: import('node:http').ServerResponse, body: unknown, status = 200) => {
    res.writeHead(status, { 'Content-Type': 'application/json' })
    res.end(typeof body === 'string' ? body : JSON.stringify(body))
  }
  const row = (extra: Record<string, unknown> = {}) => ({ name: SAMI.normalize('NFD'), email: 'aile@example.no', ...extra })
  const answer = (categories: Record<string, unknown>) => ({ categories })

  const routes: Record<string, (req: import('node:http').IncomingMessage, res: import('node:http').ServerResponse) => void> = {
    '/ok': (_, res) => json(res, answer({ 'contact-details': [row({ note: ' Ringte\u0007 i går\r\n', subscribed: true, visits: 3, phone: null })], orders: [] })),
    '/500': (_, res) => json(res, { error: 'boom' }, 500),
    '/404': (_, res) => json(res, { error: 'no' }, 404),
    '/redirect': (_, res) => {
      res.writeHead(302, { Location: `${base}/redirect-target` })
      res.end()
    },
    '/redirect-target': (_, res) => json(res, answer({ 'contact-details': [], orders: [] })),
    '/bad-json': (_, res) => json(res, '{"categories": {"orders": ['),
    '/not-utf8': (_, res) => {
      res.writeHead(200, { 'Content-Type': 'application/json' })
      res.end(Buffer.from([0x7b, 0x22, 0xf8, 0x22, 0x3a, 0x31, 0x7d]))
    },
    '/hang': () => {},
    '/too-large-declared': (_, res) => {
      res.writeHead(200, { 'Content-Type': 'application/json', 'Content-Length': String(LIMITS.responseBytes + 1) })
      res.write('{')
    },
    '/too-large-streamed': (_, res) => {
      res.writeHead(200, { 'Content-Type': 'application/json' })
      res.write(' ') // sent before the rest, so the answer goes chunked, without a length
      res.end(Buffer.alloc(LIMITS.responseBytes, 0x20))
    },
    '/nested': (_, res) => json(res, answer({ 'contact-details': [row(), row({ address: { city: 'Kárášjohka' } })], orders: [] })),
    '/not-a-list': (_, res) => json(res, answer({ 'contact-details': row(), orders: [] })),
    '/top-level-list': (_, res) => json(res, [row()]),
    '/extra-key': (_, res) => json(res, { ...answer({ 'contact-details': [], orders: [] }), debug: true, next: null }),
    '/unrequested': (_, res) => json(res, answer({ 'contact-details': [], orders: [], 'secret-notes': [row()] })),
    '/missing': (_, res) => json(res, answer({ 'contact-details': [row()] })),
    '/many-rows': (_, res) => json(res, answer({ 'contact-details': [], orders: Array.from({ length: LIMITS.rows + 1 }, () => ({ item: 'x' })) })),
    '/files': (_, res) => json(res, answer({ 'contact-details': { rows: [row()], files: [{ name: 'røntgen.png', type: 'image/png', base64: tinyPng().toString('base64') }] }, orders: [] })),
    '/files-mistyped': (_, res) => json(res, answer({ 'contact-details': { rows: [], files: [{ name: 'scan.pdf', type: 'image/png', base64: tinyPdf().toString('base64') }] }, orders: [] })),
    '/files-not-document': (_, res) => json(res, answer({ 'contact-details': { rows: [], files: [{ name: 'xray.png', type: 'image/png', base64: Buffer.from('not an image').toString('base64') }] }, orders: [] })),
    '/files-bad-base64': (_, res) => json(res, answer({ 'contact-details': { rows: [], files: [{ name: 'x.png', type: 'image/png', base64: 'abc' }] }, orders: [] })),
    '/long-cell': (_, res) => json(res, answer({ 'contact-details': [row(), row({ note: 'x'.repeat(LIMITS.cellCharacters + 1) })], orders: [] })),
  }

  beforeAll(async () => {
    // A private CA, a server certificate it signs for 127.0.0.1, and a second CA that signed nothing here.
    const ec = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes']
    openssl('req', '-x509', ...ec, '-keyout', 'ca.key', '-out', 'ca.pem', '-days', '2', '-subj', '/CN=Rights portal test CA')
    openssl('req', '-x509', ...ec, '-keyout', 'other-ca.key', '-out', 'other-ca.pem', '-days', '2', '-subj', '/CN=Some other CA')
    openssl('req', '-new', ...ec, '-keyout', 'server.key', '-out', 'server.csr', '-subj', '/CN=127.0.0.1')
    fs.writeFileSync(path.join(dir, 'server.ext'), 'subjectAltName=IP:127.0.0.1,DNS:crm.test\nbasicConstraints=CA:FALSE\nextendedKeyUsage=serverAuth\n')
    openssl('x509', '-req', '-in', 'server.csr', '-CA', 'ca.pem', '-CAkey', 'ca.key', '-CAcreateserial', '-out', 'server.pem', '-days', '2', '-extfile', 'server.ext')
    fs.writeFileSync(path.join(dir, 'not-a-certificate.pem'), 'This is not a certificate.\n')

    server = https.createServer({ key: fs.readFileSync(path.join(dir, 'server.key')), cert: fs.readFileSync(path.join(dir, 'server.pem')) }, (req, res) => {
      const chunks: Buffer[] = []
      req.on('data', (chunk: Buffer) => chunks.push(chunk))
      req.on('end', () => {
        const url = new URL(req.url ?? '/', 'https://127.0.0.1')
        received.push({ path: url.pathname, headers: req.headers, body: Buffer.concat(chunks).toString('utf8') })
        const route = routes[url.pathname]
        if (route) route(req, res)
        else json(res, { error: 'not found' }, 404)
      })
    })
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
    base = `https://127.0.0.1:${(server.address() as AddressInfo).port}`
  })

  afterAll(async () => {
    server.closeAllConnections()
    await new Promise((resolve) => server.close(resolve))
  })

  afterEach(() => {
    vi.unstubAllEnvs()
    received.length = 0
  })

  const webhook = (route: string, overrides: Partial<WebhookConnector> = {}): WebhookConnector => ({
    kind: 'webhook',
    url: `${base}${route}`,
    categories: ['contact-details', 'orders'],
    caFile: 'ca.pem',
    timeoutMs: 5_000,
    ...overrides,
  })
  // The test server listens on loopback, which a connector reaches only where the operator allows it.
  const LOOPBACK: ConnectorContext['allowedHosts'] = [{ hostname: '127.0.0.1', port: null }]
  const run = (config: WebhookConnector, q: ConnectorQuery = person, ctx: Partial<ConnectorContext> = {}) =>
    runConnector(config, q, { orgSlug: ORG, connectorDir: root, allowedHosts: LOOPBACK, ...ctx })

  it('posts the reference, the identifiers and the categories with the bearer token, and normalises the answer', async () => {
    const collected = expectCollected(await run(webhook('/ok', { tokenEnv: TOKEN_ENV }), person, { variables: { [TOKEN_ENV]: TOKEN } }))
    expect(collected).toEqual([
      { category: 'contact-details', rows: [{ name: SAMI, email: 'aile@example.no', note: 'Ringte i går', subscribed: true, visits: 3, phone: null }] },
      { category: 'orders', rows: [] },
    ])
    expect(received).toHaveLength(1)
    const [call] = received
    expect(call?.headers.authorization).toBe(`Bearer ${TOKEN}`)
    expect(call?.headers['content-type']).toBe('application/json')
    expect(JSON.parse(call?.body ?? '')).toEqual({
      reference: REFERENCE,
      identifiers: { email: 'aile@example.no', name: SAMI, phone: '+47 912 34 567', customerNumber: 'K-1001' },
      categories: ['contact-details', 'orders'],
    })
  })

  it('sends no Authorization header when the connector names no token, and leaves out blank identifiers', async () => {
    expectCollected(await run(webhook('/ok'), { reference: REFERENCE, identifiers: { ...person.identifiers, phone: '' } }))
    expect(received[0]?.headers.authorization).toBeUndefined()
    expect(JSON.parse(received[0]?.body ?? '').identifiers).toEqual({ email: 'aile@example.no', name: SAMI, customerNumber: 'K-1001' })
  })

  it('refuses to call without the token the connector names', async () => {
    for (const value of [undefined, '', 'two words']) {
      expectFailure(await run(webhook('/ok', { tokenEnv: TOKEN_ENV }), person, { variables: { [TOKEN_ENV]: value } }), 'collection:errors.webhook.token', { variable: TOKEN_ENV })
    }
    expect(received).toHaveLength(0)
  })

  it('trims the line break a token read from a file ends with', async () => {
    expectCollected(await run(webhook('/ok', { tokenEnv: TOKEN_ENV }), person, { variables: { [TOKEN_ENV]: `${TOKEN}\n` } }))
    expect(received[0]?.headers.authorization).toBe(`Bearer ${TOKEN}`)
  })

  it.each([
    ['DATA_KEYS', 'the data keys'],
    ['SESSION_SECRET', 'the session secret'],
    ['INDEX_KEY', 'the index key'],
    ['SMTP_URL', 'the mail password'],
    ['CONNECTOR_TOKEN_OTHER_ORG__CRM', 'another organisation’s token'],
    ['CONNECTOR_TOKEN_TEST_ORG_X__CRM', 'the token of an organisation whose slug begins with this one’s (test-org-x)'],
    ['CONNECTOR_TOKEN_TEST_ORG__', 'the bare prefix'],
    ['CONNECTOR_TOKEN_TEST_ORG_CRM', 'a single underscore after the slug'],
  ])('refuses, before any call, a token variable outside the organisation’s prefix: %s (%s)', async (variable) => {
    // Set, and the runtime check refuses it all the same: the import's check is not trusted.
    const secret = 'the-portal-s-own-secret-value'
    const result = await run(webhook('/ok', { tokenEnv: variable }), person, { variables: { [variable]: secret } })
    expectFailure(result, 'collection:errors.webhook.tokenNotAllowed', { variable, prefix: 'CONNECTOR_TOKEN_TEST_ORG__' })
    expect(received).toHaveLength(0)
  })

  it('keeps one organisation’s prefix from being the start of another’s', async () => {
    // "test" may not read what belongs to "test-org", although CONNECTOR_TOKEN_TEST_ORG… begins with CONNECTOR_TOKEN_TEST_.
    const result = await runConnector(webhook('/ok', { tokenEnv: TOKEN_ENV }), person, { orgSlug: 'test', connectorDir: root, allowedHosts: LOOPBACK, variables: { [TOKEN_ENV]: TOKEN } })
    expectFailure(result, 'collection:errors.webhook.tokenNotAllowed', { variable: TOKEN_ENV, prefix: 'CONNECTOR_TOKEN_TEST__' })
    expect(received).toHaveLength(0)
  })

  it('reads the token from the process’s environment by default', async () => {
    vi.stubEnv(TOKEN_ENV, TOKEN)
    expectCollected(await run(webhook('/ok', { tokenEnv: TOKEN_ENV })))
    expect(received[0]?.headers.authorization).toBe(`Bearer ${TOKEN}`)
  })

  it('refuses a plain http:// address without calling it', async () => {
    expectFailure(await run(webhook('/ok', { url: base.replace('https:', 'http:') + '/ok' })), 'collection:errors.webhook.notHttps', { url: base.replace('https:', 'http:') + '/ok' })
    expect(received).toHaveLength(0)
  })

  it.each([
    ['signed by another CA', { caFile: 'other-ca.pem' }],
    ['trusted by no public CA', { caFile: undefined }],
  ])('refuses a server whose certificate is %s, and sends it nothing', async (_, overrides) => {
    expectFailure(await run(webhook('/ok', overrides)), 'collection:errors.webhook.unreachable', { host: new URL(base).host })
    expect(received).toHaveLength(0)
  })

  it.each([
    ['missing', 'no-such-ca.pem'],
    ['not a certificate', 'not-a-certificate.pem'],
  ])('refuses a CA file that is %s', async (_, caFile) => {
    expectFailure(await run(webhook('/ok', { caFile })), 'collection:errors.webhook.caFile', { file: caFile })
  })

  it('reads a CA file only from the connector folder', async () => {
    const outside = fs.mkdtempSync(path.join(os.tmpdir(), 'rights-portal-outside-ca-'))
    try {
      fs.copyFileSync(path.join(dir, 'ca.pem'), path.join(outside, 'ca.pem'))
      fs.symlinkSync(path.join(outside, 'ca.pem'), path.join(dir, 'ca-link.pem'))
      for (const caFile of [path.join(outside, 'ca.pem'), `../${path.basename(outside)}/ca.pem`, 'ca-link.pem']) {
        expectFailure(await run(webhook('/ok', { caFile })), 'collection:errors.connector.outsideFolder', { file: caFile })
      }
      expect(received).toHaveLength(0)
    } finally {
      fs.rmSync(outside, { recursive: true, force: true })
    }
  })

  it('says the same, "could not reach the service", for a closed port, a server without TLS and a certificate that does not verify', async () => {
    const closed = https.createServer()
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve))
    const closedPort = (closed.address() as AddressInfo).port
    await new Promise((resolve) => closed.close(resolve))
    const plain = http.createServer((_, res) => res.end('{}'))
    await new Promise<void>((resolve) => plain.listen(0, '127.0.0.1', resolve))
    const plainPort = (plain.address() as AddressInfo).port
    try {
      const errors = [
        expectFailure(await run(webhook('/ok', { url: `https://127.0.0.1:${closedPort}/ok` })), 'collection:errors.webhook.unreachable'),
        expectFailure(await run(webhook('/ok', { url: `https://127.0.0.1:${plainPort}/ok` })), 'collection:errors.webhook.unreachable'),
        expectFailure(await run(webhook('/ok', { caFile: 'other-ca.pem' })), 'collection:errors.webhook.unreachable'),
      ]
      // Apart from the host the officer typed, nothing tells one from another.
      expect(errors.map((e) => ({ ...e, values: { ...e.values, host: 'h' } }))).toEqual(Array(3).fill({ key: 'collection:errors.webhook.unreachable', values: { host: 'h' } }))
    } finally {
      plain.closeAllConnections()
      await new Promise((resolve) => plain.close(resolve))
    }
  })

  describe('reaches only what the organisation may reach', () => {
    const port = () => new URL(base).port
    it.each([
      ['localhost', () => `https://localhost:${port()}/ok`],
      ['127.0.0.1', () => `https://127.0.0.1:${port()}/ok`],
      ['127.0.0.1 in decimal', () => `https://2130706433:${port()}/ok`],
      ['127.0.0.1 in hex', () => `https://0x7f000001:${port()}/ok`],
      ['127.0.0.1 in octal', () => `https://0177.0.0.1:${port()}/ok`],
      ['127.0.0.1 short', () => `https://127.1:${port()}/ok`],
      ['0.0.0.0', () => `https://0.0.0.0:${port()}/ok`],
      ['[::1]', () => `https://[::1]:${port()}/ok`],
      ['[::]', () => `https://[::]:${port()}/ok`],
      ['IPv4-mapped [::ffff:127.0.0.1]', () => `https://[::ffff:127.0.0.1]:${port()}/ok`],
      ['IPv4-mapped in hex [::ffff:7f00:1]', () => `https://[::ffff:7f00:1]:${port()}/ok`],
      ['NAT64 [64:ff9b::7f00:1]', () => `https://[64:ff9b::7f00:1]:${port()}/ok`],
      ['6to4 [2002:7f00:1::1]', () => `https://[2002:7f00:1::1]:${port()}/ok`],
      ['IPv4-translated [::ffff:0:7f00:1]', () => `https://[::ffff:0:7f00:1]:${port()}/ok`],
      ['10/8', () => 'https://10.1.2.3/ok'],
      ['172.16/12', () => 'https://172.31.255.254/ok'],
      ['192.168/16', () => 'https://192.168.0.1/ok'],
      ['100.64/10 (carrier-grade NAT)', () => 'https://100.100.100.200/ok'],
      ['169.254/16 (cloud metadata)', () => 'https://169.254.169.254/ok'],
      ['multicast', () => 'https://224.0.0.251/ok'],
      ['broadcast', () => 'https://255.255.255.255/ok'],
      ['fc00::/7', () => 'https://[fd12:3456::1]/ok'],
      ['fe80::/10', () => 'https://[fe80::1]/ok'],
      ['IPv6 multicast', () => 'https://[ff02::1]/ok'],
    ])('refuses %s before connecting', async (_, url) => {
      const result = await run(webhook('/ok', { url: url() }), person, { allowedHosts: [] })
      expectFailure(result, 'collection:errors.webhook.addressNotAllowed', { host: new URL(url()).host })
      expect(received).toHaveLength(0)
    })

    it('refuses a name when any address it resolves to is refused, and connects to the checked address under the name', async () => {
      const resolve = async (hostname: string) => {
        if (hostname === 'crm.test') return [{ address: '127.0.0.1', family: 4 }]
        if (hostname === 'mixed.test') return [{ address: '93.184.215.14', family: 4 }, { address: '127.0.0.1', family: 4 }]
        throw Object.assign(new Error('not found'), { code: 'ENOTFOUND' })
      }
      const at = (host: string) => webhook('/ok', { url: `https://${host}:${new URL(base).port}/ok` })
      expectFailure(await run(at('crm.test'), person, { allowedHosts: [], resolve }), 'collection:errors.webhook.addressNotAllowed')
      expectFailure(await run(at('mixed.test'), person, { allowedHosts: [], resolve }), 'collection:errors.webhook.addressNotAllowed')
      expectFailure(await run(at('nowhere.test'), person, { allowedHosts: [], resolve }), 'collection:errors.webhook.unreachable')
      expect(received).toHaveLength(0)
      // Allowed by the operator, on this port: the call goes to the address resolved here (the
      // system's resolver knows no crm.test), and the certificate is checked against the name.
      const allowed = [{ hostname: 'crm.test', port: Number(new URL(base).port) }]
      expectCollected(await run(at('crm.test'), person, { allowedHosts: allowed, resolve }))
      expect(received[0]?.headers.host).toBe(`crm.test:${new URL(base).port}`)
      expectFailure(await run(at('crm.test'), person, { allowedHosts: [{ hostname: 'crm.test', port: 1 }], resolve }), 'collection:errors.webhook.addressNotAllowed')
    })

    it('gives up on a name that never resolves, after timeoutMs', async () => {
      const started = performance.now()
      const never = () => new Promise<Array<{ address: string; family: number }>>(() => {})
      expectFailure(await run(webhook('/ok', { url: 'https://slow-dns.test/ok', timeoutMs: 150 }), person, { resolve: never }), 'collection:errors.webhook.timeout', { host: 'slow-dns.test', seconds: 0.15 })
      expect(performance.now() - started).toBeLessThan(2_000)
    })

    it('allows a host the operator allows, and only that one', async () => {
      expectCollected(await run(webhook('/ok'), person, { allowedHosts: [{ hostname: '127.0.0.1', port: Number(new URL(base).port) }] }))
      // 127.0.0.1 allowed does not allow its other spellings' hosts, such as localhost.
      expectFailure(await run(webhook('/ok', { url: `https://localhost:${new URL(base).port}/ok` })), 'collection:errors.webhook.addressNotAllowed')
      expect(received).toHaveLength(1)
    })
  })

  it('gives up on a server that never answers, after timeoutMs', async () => {
    const started = performance.now()
    expectFailure(await run(webhook('/hang', { timeoutMs: 150 })), 'collection:errors.webhook.timeout', { host: new URL(base).host, seconds: 0.15 })
    const elapsed = performance.now() - started
    expect(elapsed).toBeGreaterThanOrEqual(140)
    expect(elapsed).toBeLessThan(2_000)
  })

  it.each([
    ['/500', 500],
    ['/404', 404],
  ])('reports an HTTP error (%s)', async (route, status) => {
    expectFailure(await run(webhook(route)), 'collection:errors.webhook.httpStatus', { host: new URL(base).host, status })
  })

  it('does not follow a redirect', async () => {
    expectFailure(await run(webhook('/redirect')), 'collection:errors.webhook.redirect', { host: new URL(base).host, status: 302 })
    expect(received.map((r) => r.path)).toEqual(['/redirect'])
  })

  it.each(['/bad-json', '/not-utf8'])('refuses an answer that is not JSON (%s)', async (route) => {
    expectFailure(await run(webhook(route)), 'collection:errors.webhook.badJson', { host: new URL(base).host })
  })

  it.each(['/too-large-declared', '/too-large-streamed'])(`refuses an answer over ${LIMITS.responseBytes} bytes (%s)`, async (route) => {
    expectFailure(await run(webhook(route)), 'collection:errors.webhook.tooLarge', { host: new URL(base).host, maxMegabytes: 32 })
  })

  it('reads a category with documents: its rows, and each file checked by its own bytes', async () => {
    const collected = expectCollected(await run(webhook('/files')))
    expect(collected[0]).toMatchObject({ category: 'contact-details', rows: [{ email: 'aile@example.no' }], files: [{ name: 'røntgen.png', contentType: 'image/png' }] })
    expect(Buffer.from(collected[0]!.files![0]!.content)).toEqual(tinyPng())
    const host = new URL(base).host
    expectFailure(await run(webhook('/files-mistyped')), 'collection:errors.webhook.fileType', { host, filename: 'scan.pdf', declared: 'image/png', found: 'application/pdf' })
    expectFailure(await run(webhook('/files-not-document')), 'collection:errors.file.notDocument', { filename: 'xray.png' })
    expectFailure(await run(webhook('/files-bad-base64')), 'collection:errors.webhook.shape', { host, path: '$.categories.contact-details.files[0].base64' })
  })

  it.each([
    ['a row with an object in it', '/nested', '$.categories.contact-details[1].address'],
    ['a category that is not a list', '/not-a-list', '$.categories.contact-details'],
    ['a list instead of the envelope', '/top-level-list', '$'],
  ])('refuses an answer in the wrong shape (%s), saying where', async (_, route, where) => {
    expectFailure(await run(webhook(route)), 'collection:errors.webhook.shape', { host: new URL(base).host, path: where })
  })

  it('refuses unknown fields in the answer, by name', async () => {
    expectFailure(await run(webhook('/extra-key')), 'collection:errors.webhook.unknownKeys', { host: new URL(base).host, keys: 'debug, next' })
  })

  it('refuses categories that were not asked for, by name', async () => {
    expectFailure(await run(webhook('/unrequested')), 'collection:errors.webhook.unexpectedCategories', { host: new URL(base).host, categories: 'secret-notes' })
  })

  it('refuses an answer that leaves out a category asked for, rather than reading it as "nothing held"', async () => {
    expectFailure(await run(webhook('/missing')), 'collection:errors.webhook.missingCategories', { host: new URL(base).host, categories: 'orders' })
  })

  it('holds the answer to the row and cell limits', async () => {
    expectFailure(await run(webhook('/many-rows')), 'collection:errors.connector.tooManyRows', { category: 'orders', max: LIMITS.rows })
    expectFailure(await run(webhook('/long-cell')), 'collection:errors.connector.cellTooLong', {
      category: 'contact-details',
      row: 2,
      column: 'note',
      max: LIMITS.cellCharacters,
    })
  })
})
