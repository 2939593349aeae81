import type { DocumentKind } from '#db/schema'
import { renderLetter } from '~/documents/pdf.server'
import { zipFiles } from '~/documents/zip.server'
import { accessJson, accessLetter, portabilityPackage, responseLetter, type AnswerInput } from '~/domain/answer-documents'

// The files of an answer, drawn from its input. Pure and self-contained (no
// database, no clock, no environment): it runs in the render worker
// (./render-worker.server.ts), away from the thread that serves requests.

export type RenderedDocument = { kind: DocumentKind; filename: string; contentType: string; content: Buffer }

/** The documents of an answer: access gets the letter and its JSON, portability the ZIP, every other right the response letter. */
export async function renderAnswer(input: AnswerInput): Promise<RenderedDocument[]> {
  const base = input.request.reference
  const gives = input.outcome === 'granted' || input.outcome === 'partly_granted'
  switch (input.request.type) {
    case 'access':
      return [
        { kind: 'access_pdf', filename: `${base}.pdf`, contentType: 'application/pdf', content: await renderLetter(accessLetter(input)) },
        ...(gives ? [{ kind: 'access_json' as const, filename: `${base}.json`, contentType: 'application/json; charset=utf-8', content: Buffer.from(accessJson(input), 'utf8') }] : []),
      ]
    case 'portability':
      if (!gives) return []
      return [{ kind: 'portability_zip', filename: `${base}.zip`, contentType: 'application/zip', content: await zipFiles(portabilityPackage(input), { mtime: input.answeredAt, timeZone: input.org.timeZone }) }]
    default:
      return [{ kind: 'response_pdf', filename: `${base}.pdf`, contentType: 'application/pdf', content: await renderLetter(responseLetter(input)) }]
  }
}
