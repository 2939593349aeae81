import { createRequire } from 'node:module'

const require = createRequire(import.meta.url)

/**
 * A package loaded the first time it is used rather than with the module that
 * names it: for large packages that a process needs late or never (the
 * server's start-up, docs/decisions/027). Server code only.
 */
export function lazyRequire<T>(name: string): () => T {
  let loaded: T | undefined
  return () => (loaded ??= require(name) as T)
}
