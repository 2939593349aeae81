// All user-visible text lives in locales/<language>/<namespace>.json.
// tests/locales.test.ts fails when a key is missing in any language.
// The server holds every language; the browser loads only its page's
// (app/i18n/instances.ts).
import type { Language } from '~/vocabulary'
import da from './bundles/da'
import en from './bundles/en'
import fi from './bundles/fi'
import no from './bundles/no'

export const NAMESPACES = ['common', 'request', 'errors', 'emails', 'officer', 'auth', 'oversight', 'documents', 'collection', 'controller'] as const
export type Namespace = (typeof NAMESPACES)[number]
export type LanguageResources = Record<Namespace, unknown>

export const resources = { da, no, fi, en } satisfies Record<Language, LanguageResources>
