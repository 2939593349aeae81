import { describe, expect, test } from 'vitest'
import { LANGUAGES } from '~/domain/languages'
import { tFor } from './support/i18n'

// What the person is told about when the organisation gets the request must
// agree everywhere, and with the rule (docs/decisions/008): the request is
// received, and the time to answer starts, when the address is confirmed; until
// then the organisation sees it as "email not confirmed".

describe.each(LANGUAGES)('the copy about an unconfirmed request (%s)', (lang) => {
  const t = tFor(lang)
  const statusName = t('request:status.unverified').toLowerCase()

  test('before and after sending, and on the confirmation page, names the status the organisation sees', () => {
    for (const text of [t('request:check.declaration', { org: 'X' }), t('request:sent.unverifiedNote'), t('request:confirm.lead')]) {
      expect(text.toLowerCase()).toContain(statusName)
    }
  })

  test('nothing before the confirmation says the request is received when it is sent', () => {
    const receivedOnSending = { en: /as soon as you send/i, da: /så snart du sender/i, no: /så snart du sender/i, fi: /heti, kun lähetät/i }[lang]
    const hasHadItSince = { en: /since you sent/i, da: /siden du sendte/i, no: /siden du sendte/i, fi: /jo silloin, kun lähetit/i }[lang]
    for (const text of [t('request:check.declaration', { org: 'X' }), t('request:sent.unverifiedNote'), t('request:confirm.lead')]) {
      expect(text).not.toMatch(receivedOnSending)
      expect(text).not.toMatch(hasHadItSince)
    }
  })

  test('the email after confirming does not say the request is only now sent', () => {
    const intro = t('emails:confirmed.intro', { org: 'X' })
    const sentNow = { en: 'has been sent', da: 'er sendt til', no: 'er sendt til', fi: 'on lähetetty' }[lang]
    expect(intro).not.toContain(sentNow)
  })
})

// The answer is never emailed: the email says it is ready and links to the
// status page, where it opens after a fresh confirmation (docs/decisions on answers).
describe.each(LANGUAGES)('the copy about how the answer reaches the person (%s)', (lang) => {
  const t = tFor(lang)
  const notInEmail = { en: /never in the email/i, da: /aldrig i e-mailen/i, no: /aldri i e-posten/i, fi: /ei koskaan ole sähköpostissa/i }[lang]
  const getsTheAnswer = { en: /(and|get) the answer\b/i, da: /(og|få) svaret\b/i, no: /(og|få) svaret\b/i, fi: /(sekä|saada) vastauksen\b/i }[lang]

  test('the identity page says the answer waits on the request’s page, not in the email', () => {
    expect(t('request:identity.emailHint')).toMatch(notInEmail)
    expect(t('request:identity.emailHint')).not.toMatch(getsTheAnswer)
    expect(t('request:start.needEmail')).not.toMatch(getsTheAnswer)
  })
})
