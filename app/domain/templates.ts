// Placeholders of reply templates, filled in when an officer picks one
// (app/domain/templates.server.ts), before the officer edits and sends.

export const PLACEHOLDERS = ['name', 'reference', 'deadline'] as const
export type Placeholder = (typeof PLACEHOLDERS)[number]

/** Fills {{name}}, {{reference}} and {{deadline}}; anything else in braces stays as typed, for the officer to see. */
export function fillTemplate(body: string, values: Record<Placeholder, string>): string {
  return body.replace(/\{\{\s*(name|reference|deadline)\s*\}\}/g, (_, key: Placeholder) => values[key])
}
