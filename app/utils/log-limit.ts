import { nowMs } from '~/utils/clock'

// Requests anyone can send (a method the portal does not take, a POST to a
// page without a form) are logged as client errors, but sparingly: one line
// per kind of request per window, and a ceiling for all kinds together, so a
// scanner cannot fill the log. The first line of a new window says how many
// were left out of the last one.

export type LogLimiter = (key: string) => { log: false } | { log: true; leftOut: number }

export function createLogLimiter(opts: { windowMs?: number; perWindow?: number } = {}): LogLimiter {
  const windowMs = opts.windowMs ?? 60_000
  const perWindow = opts.perWindow ?? 100
  let windowStart = -Infinity
  let leftOut = 0
  let carried = 0
  const logged = new Set<string>()
  return (key) => {
    const at = nowMs()
    if (at - windowStart >= windowMs) {
      windowStart = at
      carried = leftOut
      leftOut = 0
      logged.clear()
    }
    if (logged.has(key) || logged.size >= perWindow) {
      leftOut++
      return { log: false }
    }
    logged.add(key)
    const report = carried
    carried = 0
    return { log: true, leftOut: report }
  }
}
