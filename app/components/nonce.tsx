import { createContext, useContext } from 'react'

// The Content-Security-Policy nonce of the response being rendered
// (app/server.ts makes it, app/entry.server.tsx provides it). In the browser it
// is empty: the scripts are already running.
const NonceContext = createContext('')

export const NonceProvider = NonceContext.Provider

export function useNonce(): string {
  return useContext(NonceContext)
}
