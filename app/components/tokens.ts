// The design tokens, in one place: the pages read them as CSS custom
// properties (written into the document by root.tsx), the emails and the
// dashboard's chart read the same values from here. Colour pairs meet WCAG 2.2
// AA contrast; meaning never rests on colour alone.

export const colours = {
  text: '#0b0c0c',
  secondaryText: '#505a5f',
  link: '#1d4f91',
  linkVisited: '#4c2c92',
  linkHover: '#003078',
  focus: '#ffdd00',
  focusText: '#0b0c0c',
  border: '#b1b4b6',
  inputBorder: '#0b0c0c',
  surface: '#ffffff',
  panel: '#f3f2f1',
  brand: '#1d3557',
  brandAccent: '#457b9d',
  brandText: '#ffffff',
  action: '#00703c',
  actionHover: '#005a30',
  actionShadow: '#002d18',
  secondaryAction: '#f3f2f1',
  secondaryActionHover: '#dbdad9',
  secondaryActionShadow: '#929191',
  warning: '#d4351c',
  warningShadow: '#55150b',
  error: '#d4351c',
  success: '#00703c',
  // Tags: background and text.
  tagNeutralBg: '#d2e2f1',
  tagNeutralText: '#0c2d4a',
  tagGoodBg: '#cce2d8',
  tagGoodText: '#005a30',
  tagBadBg: '#f6d7d2',
  tagBadText: '#942514',
  tagWaitBg: '#fff7bf',
  tagWaitText: '#594d00',
  tagGreyBg: '#e5e6e7',
  tagGreyText: '#383f43',
  tagAlertBg: '#942514',
  tagAlertText: '#ffffff',
} as const

export const space = { 1: '0.25rem', 2: '0.5rem', 3: '0.75rem', 4: '1rem', 5: '1.5rem', 6: '2rem', 7: '3rem' } as const

export const type = {
  family: 'system-ui, -apple-system, "Segoe UI", Roboto, Arial, sans-serif',
  /** Emails: fonts every mail client has. */
  emailFamily: 'Arial, Helvetica, sans-serif',
  mono: 'ui-monospace, "DejaVu Sans Mono", monospace',
  body: '1.1875rem',
  small: '1rem',
  h1: '2.25rem',
  h2: '1.5rem',
  h3: '1.25rem',
} as const

export const layout = {
  /** The citizen pages' reading column. */
  readingWidth: '60rem',
  /** Officer pages use the screen, up to this. */
  workspaceWidth: '100rem',
} as const

const kebab = (s: string) => s.replace(/[A-Z0-9]+/g, (m) => `-${m.toLowerCase()}`)

/** The tokens as one `:root { … }` rule. */
export function tokensCss(): string {
  const lines = [
    ...Object.entries(colours).map(([k, v]) => `--colour-${kebab(k)}: ${v};`),
    ...Object.entries(space).map(([k, v]) => `--space-${k}: ${v};`),
    ...Object.entries(type).map(([k, v]) => `--type-${kebab(k)}: ${v};`),
    ...Object.entries(layout).map(([k, v]) => `--layout-${kebab(k)}: ${v};`),
  ]
  return `:root{${lines.join('')}}`
}
