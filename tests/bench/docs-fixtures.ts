import type { AnswerInput } from '~/domain/answer-documents'
import { answerInput } from '~/domain/answer-input.test-support'

// The answers the document benchmarks draw: a member's payments at
// Lygtebærerne (Danish), as tests/heavy-answers.test.ts uploads them, `rows`
// rows in one category.

export const DOCS_ORG = 'lygtebaererne'
export const PAYMENT_COLUMNS = ['dato', 'beskrivelse', 'beløb', 'medlemsnummer'] as const

export function paymentRows(count: number): Array<Record<string, string>> {
  return Array.from({ length: count }, (_, i) => ({
    dato: `2025-${String((i % 12) + 1).padStart(2, '0')}-15`,
    beskrivelse: `Månedligt bidrag nr. ${i} til Lygtebærerne`,
    beløb: (100 + (i % 50)).toFixed(2),
    medlemsnummer: `L-${String(i).padStart(5, '0')}`,
  }))
}

export function paymentsAnswer(rows: number, type: 'access' | 'portability'): AnswerInput {
  return answerInput(DOCS_ORG, { language: 'da', request: { type }, collected: [{ category: 'member-contact', rows: paymentRows(rows) }] })
}
