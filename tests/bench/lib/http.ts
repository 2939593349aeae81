import http from 'node:http'
import autocannon from 'autocannon'

// Load and latency from outside, as a client sees them.

/**
 * Requests a second with `connections` at once, for `seconds`, or (`amount`)
 * until that many are answered, whatever it takes (a smoke run on a busy
 * machine). Throws when any answer was not 2xx: a benchmark of error pages measures nothing.
 */
export async function requestsPerSecond(url: string, o: { connections?: number; seconds: number; amount?: number; headers?: Record<string, string> }): Promise<number> {
  const started = performance.now()
  const result = await autocannon({ url, connections: o.connections ?? 10, headers: o.headers, ...(o.amount ? { amount: o.amount, timeout: 60 } : { duration: o.seconds }) })
  const elapsed = (performance.now() - started) / 1000
  if (result.non2xx > 0 || result.errors > 0 || result['2xx'] === 0) throw new Error(`${url}: ${result.non2xx} answers not 2xx, ${result.errors} errors, ${result['2xx']} 2xx`)
  return result['2xx'] / (o.amount ? elapsed : result.duration || o.seconds)
}

/** Sends `count` GET requests one after another; the time of each in ms (whole body read). */
export async function latencies(url: string, count: number, headers: Record<string, string> = {}): Promise<number[]> {
  const out: number[] = []
  for (let i = 0; i < count; i++) {
    const t = performance.now()
    const reply = await fetch(url, { headers, redirect: 'manual' })
    await reply.arrayBuffer()
    if (reply.status !== 200) throw new Error(`${url}: ${reply.status}`)
    out.push(performance.now() - t)
  }
  return out
}

/** Time to the first byte of the body, and to its end, in ms, and its size in bytes. */
export function timeToFirstByte(url: string, headers: Record<string, string> = {}): Promise<{ firstByteMs: number; totalMs: number; bytes: number; status: number; chunked: boolean }> {
  return new Promise((resolve, reject) => {
    const t = performance.now()
    let first = 0
    let bytes = 0
    const req = http.get(url, { headers }, (res) => {
      res.on('data', (chunk: Buffer) => {
        if (!first) first = performance.now() - t
        bytes += chunk.length
      })
      res.on('end', () => resolve({ firstByteMs: first || performance.now() - t, totalMs: performance.now() - t, bytes, status: res.statusCode ?? 0, chunked: res.headers['transfer-encoding'] === 'chunked' }))
      res.on('error', reject)
    })
    req.on('error', reject)
  })
}
