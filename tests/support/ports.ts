import net from 'node:net'

// Ports for the test servers are taken below Linux's ephemeral range
// (32768–60999): a port the OS picks for `listen(0)` and gives back can be
// taken by the next outgoing connection of any test before the server binds
// it (EADDRINUSE, seen once in a full run). Each vitest worker counts through
// its own thousand, starting at a place of its process, and skips a port in use.
const FIRST = 20_000
const SPAN = 1_000
const pool = Number(process.env.VITEST_POOL_ID ?? 0) % 12
let offset = (process.pid % 100) * 10

/** A port nobody listens on right now, and that no outgoing connection will take. */
export async function freePort(): Promise<number> {
  for (let tries = 0; tries < SPAN; tries++) {
    const port = FIRST + pool * SPAN + (offset++ % SPAN)
    if (await canListen(port)) return port
  }
  throw new Error(`no free port in ${FIRST + pool * SPAN}–${FIRST + pool * SPAN + SPAN - 1}`)
}

function canListen(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const probe = net.createServer()
    probe.once('error', () => resolve(false))
    probe.listen(port, '127.0.0.1', () => probe.close(() => resolve(true)))
  })
}
