import { describe, expect, test } from 'vitest'
import { automaticReason, isDeliveryReport, readDeliveryReport, referenceInSubject, stripQuoted } from '~/domain/inbound-text'

const headers = (h: Record<string, unknown>) => new Map(Object.entries(h))

describe('quoted earlier mail is cut off for display, in every language', () => {
  const cases: Array<[string, string]> = [
    ['Danish, Gmail', 'Den 3. dec. 2026 kl. 10.00 skrev Dyreværnsringen <persondata@dyrevaernsringen.example>:'],
    ['Danish, Outlook', '-----Oprindelig besked-----'],
    ['Danish, header block', 'Fra: Dyreværnsringen <persondata@dyrevaernsringen.example>\nSendt: 3. december 2026 10:00\nTil: Anna'],
    ['Norwegian, Outlook', '-----Opprinnelig melding-----'],
    ['Norwegian, Gmail', 'tir. 1. des. 2026 kl. 10:00 skrev Fjordkanten <personvern@fjordkanten.example>:'],
    ['Finnish, Outlook', '-----Alkuperäinen viesti-----'],
    ['Finnish, header block', 'Lähettäjä: Aivokipinä <tietosuoja@aivokipina.example>\nLähetetty: 1. joulukuuta 2026 10.00\nAihe: Pyyntö'],
    ['Finnish, Gmail', 'ma 1.12.2026 klo 10.00 Aivokipinä <tietosuoja@aivokipina.example> kirjoitti:'],
    ['English, Gmail over two lines', 'On Mon, 1 Dec 2026 at 10:00, Rights Portal <no-reply@portal.example>\nwrote:'],
    ['English, Outlook', '-----Original Message-----'],
  ]
  test.each(cases)('%s', (_name, marker) => {
    const text = `Here is my passport number as you asked.\n\nAnna\n\n${marker}\n> Please send proof of identity.\n> Reference 3467-ACDE`
    const { own, quoted } = stripQuoted(text)
    expect(own).toBe('Here is my passport number as you asked.\n\nAnna')
    expect(quoted).toBe(true)
  })

  test('a person writing "skrev" or "From:" in their own words keeps their text', () => {
    const text = 'Jeg skrev til jer i sidste måned om mine oplysninger:\nFra: min gamle adresse til den nye.\nVenlig hilsen Anna'
    expect(stripQuoted(text)).toEqual({ own: text, quoted: false })
  })

  test('quoted lines are cut only where nothing but quote follows them, and a message of a million lines is read in one pass', () => {
    expect(stripQuoted('My reply\n> quoted\n> more\n').own).toBe('My reply')
    expect(stripQuoted('> a line I quote\nmy answer to it\n> and the rest\n')).toEqual({ own: '> a line I quote\nmy answer to it', quoted: true })
    // Each ">" line once checked every line after it: a stranger's email of many ">" lines held the server for minutes.
    const hostile = `${'>\n'.repeat(1_000_000)}x`
    const started = performance.now()
    const { own, quoted } = stripQuoted(hostile)
    expect(performance.now() - started).toBeLessThan(5_000)
    expect(own.length).toBeLessThanOrEqual(100_000)
    expect(quoted).toBe(true)
  })

  test('a message that is all quote shows whole', () => {
    expect(stripQuoted('-----Original Message-----\nhello').own).toBe('-----Original Message-----\nhello')
  })
})

describe('automatic mail', () => {
  test('auto-replies, bulk mail and mail with an empty return path are automatic; Auto-Submitted: no is a person', () => {
    expect(automaticReason(headers({ 'auto-submitted': 'auto-replied' }), 'x@y.example')).toBe('auto_submitted')
    expect(automaticReason(headers({ 'auto-submitted': 'no' }), 'x@y.example')).toBeNull()
    for (const p of ['bulk', 'list', 'junk']) expect(automaticReason(headers({ precedence: p }), 'x@y.example')).toBe('bulk')
    expect(automaticReason(headers({ 'return-path': { value: [], text: '<>' } }), 'x@y.example')).toBe('no_return_path')
    expect(automaticReason(headers({}), '')).toBe('no_return_path')
    expect(automaticReason(headers({ precedence: 'first-class' }), 'x@y.example')).toBeNull()
  })

  test('a delivery report is recognised and read: the failed recipient and the Message-ID it returns', () => {
    expect(isDeliveryReport(headers({ 'content-type': { value: 'multipart/report', params: { 'report-type': 'delivery-status' } } }))).toBe(true)
    expect(isDeliveryReport(headers({ 'content-type': { value: 'multipart/report', params: { 'report-type': 'disposition-notification' } } }))).toBe(false)
    const report = readDeliveryReport([
      { contentType: 'message/delivery-status', content: Buffer.from('Reporting-MTA: dns; mx.example\n\nFinal-Recipient: rfc822; Anna@Person.example\nAction: failed\nStatus: 5.1.1\n\nFinal-Recipient: rfc822; ok@person.example\nAction: delayed\nStatus: 4.4.1\n') },
      { contentType: 'text/rfc822-headers', content: Buffer.from('Message-ID: <abc@rights-portal>\nSubject: hi\n') },
    ])
    expect(report).toEqual({ failed: ['anna@person.example'], messageId: '<abc@rights-portal>' })
  })
})

test('the reference number is found in a reply subject, however it is written', () => {
  expect(referenceInSubject('Re: Your request 3467-ACDE was received')).toBe('3467-ACDE')
  expect(referenceInSubject('SV: anmodning 3467acde')).toBe('3467-ACDE')
  expect(referenceInSubject('Re: hello 12345678')).toBeNull()
})
