import { createHash } from 'node:crypto'
import { DateTime } from 'luxon'
import type { AnswerInput } from '~/domain/answer-documents'
import type { RenderedDocument } from '~/domain/render-answer.server'
import { nowMs } from '~/utils/clock'

// The rendered preview of each prepared answer, kept until the answer changes,
// so that opening its documents one after the other, or again, does not draw
// them again. Kept in this process's memory only, never written anywhere
// (what is written is sealed, and a preview is not worth storing): bounded in
// size, and forgotten after a while unused, since it holds personal data.

/** Previews kept at most, in bytes of documents; the least recently used go first. */
export const PREVIEW_CACHE_BYTES = 64 * 1024 * 1024
/** A preview not looked at for this long is forgotten. */
export const PREVIEW_IDLE_MS = 30 * 60_000

type Entry = { version: string; documents: Promise<RenderedDocument[]>; bytes: number; usedAt: number }

/** By answer id, least recently used first: one preview per answer, of its latest version. */
const entries = new Map<number, Entry>()

/**
 * What makes the documents: everything in the input, with the instant that
 * is "now" (the answer's date) taken as the day it falls on; a legal hold's
 * ends are the records' own days (docs/decisions/018). A change to the answer, its data, the request or
 * the organisation's file is a new version; a minute passing is not.
 */
export function previewVersion(input: AnswerInput): string {
  const day = (d: Date) => DateTime.fromJSDate(d, { zone: input.org.timeZone }).toISODate()
  const stable = {
    ...input,
    answeredAt: day(input.answeredAt),
  }
  return createHash('sha256').update(JSON.stringify(stable)).digest('base64url')
}

/**
 * The answer's documents as `render` makes them from `input`, or as it made
 * them for the same version before. Officers who open a preview while it is
 * being drawn wait for that one render.
 */
export function cachedPreview(answerId: number, input: AnswerInput, render: (input: AnswerInput) => Promise<RenderedDocument[]>): Promise<RenderedDocument[]> {
  forgetIdle()
  const version = previewVersion(input)
  const found = entries.get(answerId)
  if (found?.version === version) {
    entries.delete(answerId)
    entries.set(answerId, { ...found, usedAt: nowMs() })
    return found.documents
  }
  const documents = render(input)
  const entry: Entry = { version, documents, bytes: 0, usedAt: nowMs() }
  entries.delete(answerId)
  entries.set(answerId, entry)
  documents.then(
    (docs) => {
      if (entries.get(answerId) !== entry) return
      entry.bytes = docs.reduce((sum, d) => sum + d.content.length, 0)
      fitSize()
    },
    () => {
      // A failed render is not kept: the next look tries again.
      if (entries.get(answerId) === entry) entries.delete(answerId)
    },
  )
  return documents
}

/** Forgets the preview of an answer (once it is sent, its documents are the stored ones). */
export function forgetPreview(answerId: number): void {
  entries.delete(answerId)
}

function forgetIdle(): void {
  const now = nowMs()
  for (const [id, entry] of entries) if (now - entry.usedAt > PREVIEW_IDLE_MS) entries.delete(id)
}

function fitSize(): void {
  let total = 0
  for (const entry of entries.values()) total += entry.bytes
  // The map iterates least recently used first.
  for (const [id, entry] of entries) {
    if (total <= PREVIEW_CACHE_BYTES) break
    total -= entry.bytes
    entries.delete(id)
  }
}
