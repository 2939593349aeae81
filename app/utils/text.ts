// Input as people type it is normalised before it is stored, so that what
// reaches exports, CSV, PDFs and logs is what it looks like: Unicode NFC, no
// control characters, no text-direction overrides, no invisible characters.

// C0 and C1 controls, DEL; bidi embeddings, overrides and isolates; zero-width
// characters, the word joiner and the byte-order mark.
const INVISIBLE = /[\u0000-\u0008\u000B-\u001F\u007F-\u009F\u200B-\u200F\u2028-\u202E\u2060-\u2069\uFEFF]/g

/** One line of text (a name, an address): newlines and tabs become spaces, runs of spaces one. */
export function cleanLine(value: string): string {
  return value.normalize('NFC').replace(/[\t\n\r]+/g, ' ').replace(INVISIBLE, '').replace(/ {2,}/g, ' ').trim()
}

/** Free text (a message, a reason): keeps its paragraphs; tabs become spaces; line ends become \n. */
export function cleanText(value: string): string {
  return value
    .normalize('NFC')
    .replace(/\r\n?/g, '\n')
    .replace(/\t/g, ' ')
    .replace(INVISIBLE, '')
    .replace(/[ \u00A0]+\n/g, '\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim()
}

// A JSON escape can produce half a surrogate pair, which no PDF or database
// text can hold.
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g

/**
 * A value from an organisation's own system (an uploaded file, a connector):
 * kept as it was, tabs and line breaks too, only made safe to show and export
 * like the rest: NFC, line ends \n, no invisible characters, no half surrogates.
 */
export function cleanData(value: string): string {
  return value.replace(/\r\n?/g, '\n').replace(INVISIBLE, '').replace(LONE_SURROGATE, '\uFFFD').normalize('NFC').trim()
}
