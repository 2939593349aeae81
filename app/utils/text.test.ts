import { describe, expect, test } from 'vitest'
import { cleanData, cleanLine, cleanText } from '~/utils/text'

// What people type, and what organisations' systems send, as it reaches
// exports, CSV, PDFs and logs: looking like what it is.

const DECOMPOSED = 'A\u030Aase Ni\u0301elsen' // "Åase Níelsen" as combining marks
const COMPOSED = 'Åase Níelsen'

describe('cleanLine (a name, an address)', () => {
  test('composes letters (NFC), so the same name is the same text', () => {
    expect(DECOMPOSED).not.toBe(COMPOSED)
    expect(cleanLine(DECOMPOSED)).toBe(COMPOSED)
  })

  test('turns line breaks and tabs into one space, and runs of spaces into one', () => {
    expect(cleanLine('Ada\r\n\r\nLovelace')).toBe('Ada Lovelace')
    expect(cleanLine('Ada\t\tLovelace')).toBe('Ada Lovelace')
    expect(cleanLine('Ada    Lovelace')).toBe('Ada Lovelace')
    expect(cleanLine('Ada\n \nLovelace')).toBe('Ada Lovelace')
  })

  test('strips control, direction and invisible characters, and trims', () => {
    expect(cleanLine('  \u0000Ada\u001B[31m \u202Eecalevol\u202C\u200B\uFEFF\u2066x\u2069\u007F\u0085  ')).toBe('Ada[31m ecalevolx')
    expect(cleanLine('Ada\u200BLovelace')).toBe('AdaLovelace')
  })
})

describe('cleanText (a message, a reason)', () => {
  test('keeps paragraphs and line breaks, with every line end as \\n', () => {
    expect(cleanText('One\r\nTwo\rThree\n\nFour')).toBe('One\nTwo\nThree\n\nFour')
  })

  test('at most one blank line between paragraphs', () => {
    expect(cleanText('One\n\n\n\n\nTwo')).toBe('One\n\nTwo')
    expect(cleanText('One\r\n\r\n\r\nTwo')).toBe('One\n\nTwo')
  })

  test('drops spaces at line ends (no-break spaces too), tabs become spaces', () => {
    expect(cleanText('One  \nTwo\u00A0\u00A0\n\tThree')).toBe('One\nTwo\n Three')
    expect(cleanText('a\tb')).toBe('a b')
  })

  test('strips control and direction characters, composes letters, trims', () => {
    expect(cleanText(`\u0007 ${DECOMPOSED}\u202E\u0000 \n`)).toBe(COMPOSED)
  })
})

describe('cleanData (values from an organisation’s own system)', () => {
  test('keeps tabs and line breaks as they were, with line ends as \\n', () => {
    expect(cleanData('a\tb\r\nc\rd\n\n\ne')).toBe('a\tb\nc\nd\n\n\ne')
  })

  test('strips invisible characters, replaces half a surrogate pair, composes, trims', () => {
    expect(cleanData(` ${DECOMPOSED}\u202E\u200B\u0007 `)).toBe(COMPOSED)
    expect(cleanData('x\uD800y')).toBe('x\uFFFDy')
    expect(cleanData('x\uDC00')).toBe('x\uFFFD')
    expect(cleanData('😀')).toBe('😀')
  })
})
