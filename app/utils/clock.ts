// The one clock of the portal. Everything that needs "now" reads it here, so
// tests can move time instead of sleeping. The override lives on globalThis so
// that the server bundle and the test code, which load separate copies of this
// module, share it.
const KEY = Symbol.for('rights-portal.clock')

type ClockState = { fixed: number | null }
const g = globalThis as unknown as Record<symbol, ClockState | undefined>
const state: ClockState = (g[KEY] ??= { fixed: null })

export function now(): Date {
  return new Date(state.fixed ?? Date.now())
}

export function nowMs(): number {
  return state.fixed ?? Date.now()
}

/** Tests only: freeze the clock at an instant. */
export function setClock(at: Date | string | number): void {
  state.fixed = new Date(at).getTime()
}

/** Tests only: move a frozen clock forward. */
export function advanceClock(ms: number): void {
  state.fixed = (state.fixed ?? Date.now()) + ms
}

/** Tests only: back to the system clock. */
export function resetClock(): void {
  state.fixed = null
}
