// All user-visible text lives in locales/<language>/<namespace>.json.
// tests/locales.test.ts fails when a key is missing in any language.
import daCommon from '#locales/da/common.json'
import daRequest from '#locales/da/request.json'
import daErrors from '#locales/da/errors.json'
import daEmails from '#locales/da/emails.json'
import daOfficer from '#locales/da/officer.json'
import noCommon from '#locales/no/common.json'
import noRequest from '#locales/no/request.json'
import noErrors from '#locales/no/errors.json'
import noEmails from '#locales/no/emails.json'
import noOfficer from '#locales/no/officer.json'
import fiCommon from '#locales/fi/common.json'
import fiRequest from '#locales/fi/request.json'
import fiErrors from '#locales/fi/errors.json'
import fiEmails from '#locales/fi/emails.json'
import fiOfficer from '#locales/fi/officer.json'
import enCommon from '#locales/en/common.json'
import enRequest from '#locales/en/request.json'
import enErrors from '#locales/en/errors.json'
import enEmails from '#locales/en/emails.json'
import enOfficer from '#locales/en/officer.json'
import daAuth from '#locales/da/auth.json'
import daOversight from '#locales/da/oversight.json'
import noAuth from '#locales/no/auth.json'
import noOversight from '#locales/no/oversight.json'
import fiAuth from '#locales/fi/auth.json'
import fiOversight from '#locales/fi/oversight.json'
import enAuth from '#locales/en/auth.json'
import enOversight from '#locales/en/oversight.json'
import type { Language } from '~/domain/languages'

export const NAMESPACES = ['common', 'request', 'errors', 'emails', 'officer', 'auth', 'oversight'] as const
export type Namespace = (typeof NAMESPACES)[number]

export const resources = {
  da: { common: daCommon, request: daRequest, errors: daErrors, emails: daEmails, officer: daOfficer, auth: daAuth, oversight: daOversight },
  no: { common: noCommon, request: noRequest, errors: noErrors, emails: noEmails, officer: noOfficer, auth: noAuth, oversight: noOversight },
  fi: { common: fiCommon, request: fiRequest, errors: fiErrors, emails: fiEmails, officer: fiOfficer, auth: fiAuth, oversight: fiOversight },
  en: { common: enCommon, request: enRequest, errors: enErrors, emails: enEmails, officer: enOfficer, auth: enAuth, oversight: enOversight },
} satisfies Record<Language, Record<Namespace, unknown>>
