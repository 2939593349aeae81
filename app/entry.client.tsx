import { RemixBrowser } from '@remix-run/react'
import { startTransition, StrictMode } from 'react'
import { hydrateRoot } from 'react-dom/client'
import { isLanguage } from '~/domain/languages'
import { loadLanguage, registerLanguage } from '~/i18n/instances'

// Load the text of the page's language (one chunk), then hydrate.
const lang = document.documentElement.dataset.language
const language = isLanguage(lang) ? lang : 'en'

void loadLanguage[language]().then(({ default: resources }) => {
  registerLanguage(language, resources)
  startTransition(() => {
    hydrateRoot(
      document,
      <StrictMode>
        <RemixBrowser />
      </StrictMode>,
    )
  })
})
