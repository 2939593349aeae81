// Redirect targets an attacker would try, as they would be typed into a query
// or a form (some percent-encoded once more). Every redirect target the portal
// takes from a request must refuse each one: the sign-in's `redirectTo`
// (guards.test.ts) and the queue's `back` (officer-input.test.ts) alike.

export const HOSTILE_REDIRECTS = [
  '/en/officer/../../\\evil.example',
  '%2Fen%2Fofficer%2F..%2F..%2F%5Cevil.example',
  '//evil.example/en/officer/queue',
  '/\\evil.example',
  'https://evil.example/en/officer/queue',
  '/en/officer/%2e%2e/%2e%2e/evil',
  '/en/officer//evil.example',
  '/en/officer/queue/../../..//evil.example',
  'javascript:alert(1)',
] as const
