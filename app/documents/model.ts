// What an answer document says, apart from how it is drawn: the domain builds
// these from an answer, and app/documents/pdf.server.ts draws them. Kept free
// of Node-only modules so that domain code can build documents anywhere.

export type Block =
  | { kind: 'heading'; text: string }
  | { kind: 'paragraph'; text: string; style?: 'strong' | 'small'; link?: string }
  | { kind: 'bullets'; items: string[] }
  /** Label and value side by side: the letter's facts, recipients and their roles. */
  | { kind: 'facts'; rows: Array<{ label: string; value: string }> }
  /**
   * Every row has one cell per column. Column widths follow the text unless
   * `widths` gives their proportions (when one column's text matters more).
   */
  | { kind: 'table'; caption?: string; columns: string[]; rows: string[][]; widths?: number[] }

export type Section = { heading?: string; blocks: Block[] }

export type LetterDocument = {
  /** BCP 47 tag of the letter's language (da, nb, fi, en), for the PDF's Lang entry. */
  lang: string
  title: string
  /** One line on what the document is, for the PDF's Subject entry. */
  summary: string
  /** The organisation that sends the letter: the PDF's Author and every page's header. */
  organisation: string
  /** The document's date as an instant, for the metadata. */
  date: Date
  /** Printed on every page beside the organisation's name and at the foot, in the letter's language. */
  running: {
    /** The request's reference number with its label: "Saksnummer FJ-2026-0042". */
    reference: string
    date: string
    /** "Page 1 of 3". */
    page: (page: number, pages: number) => string
  }
  sections: Section[]
}

/**
 * One file of a download: a ZIP entry, or a file on its own. Long text is
 * given as an iterable of its parts (iterated afresh each time it is read),
 * so that it is written as it is made, never whole in memory.
 */
export type DocumentFile = { name: string; content: Buffer | string | Iterable<string> }
