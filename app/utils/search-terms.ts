// How names are made searchable without storing them in clear: split into
// words, each normalised the same way for storing and for searching, then
// hashed with a key (app/utils/crypto.server.ts).

/** The words of a name or query, lower case, without accents (é→e, å→a, č→c; æ, ø and ŋ have none and stay). */
export function searchWords(text: string): string[] {
  const words = text
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .normalize('NFC')
    .toLocaleLowerCase('und')
    .split(/[^\p{L}\p{N}]+/u)
    .filter((w) => w.length >= 2)
  return [...new Set(words)].slice(0, 20)
}

/** An email address as it is stored and looked up. */
export function normaliseEmail(email: string): string {
  return email.normalize('NFC').trim().toLowerCase()
}

/** A phone number as digits only, with the country's code when it was given with one ("+45 12 34" → "4512..."). */
export function normalisePhone(phone: string): string {
  return phone.replace(/[^0-9]/g, '').replace(/^00/, '')
}
