import { describe, expect, test } from 'vitest'
import { LANGUAGES } from '~/domain/languages'
import { tFor } from './support/i18n'

// What the person is told about when the organisation gets the request must
// agree everywhere: it gets it (and its time to answer starts) the moment it
// is sent, and sees it as "email not confirmed" until the address is confirmed.

describe.each(LANGUAGES)('the copy about an unconfirmed request (%s)', (lang) => {
  const t = tFor(lang)
  const statusName = t('request:status.unverified').toLowerCase()

  test('before and after sending, and on the confirmation page, names the status the organisation sees', () => {
    for (const text of [t('request:check.declaration', { org: 'X' }), t('request:sent.unverifiedNote'), t('request:confirm.lead')]) {
      expect(text.toLowerCase()).toContain(statusName)
    }
  })

  test('the email after confirming does not say the request is only now sent', () => {
    const intro = t('emails:confirmed.intro', { org: 'X' })
    const sentNow = { en: 'has been sent', da: 'er sendt til', no: 'er sendt til', fi: 'on lähetetty' }[lang]
    expect(intro).not.toContain(sentNow)
  })
})
