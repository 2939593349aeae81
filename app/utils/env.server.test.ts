import { describe, expect, it } from 'vitest'
import { devMailboxEnabled, parseEnv as parse } from './env.server'

const parseEnv = (vars: Record<string, string>) => parse(vars as NodeJS.ProcessEnv)

describe('configuration', () => {
  it('has safe defaults for local use', () => {
    const env = parseEnv({})
    expect(env).toMatchObject({ DATABASE_PATH: 'data/portal.sqlite', PORT: 3000, PUBLIC_URL: 'http://localhost:3000' })
    expect(devMailboxEnabled(env)).toBe(true)
  })

  it('names every wrong variable', () => {
    expect(() => parseEnv({ PORT: 'eighty', PUBLIC_URL: 'not a url', SMTP_URL: 'http://mail' })).toThrow(
      /PORT:[\s\S]*PUBLIC_URL:[\s\S]*SMTP_URL: must start with smtp:\/\/ or smtps:\/\//,
    )
  })

  it('refuses a public portal without its own session secret or without SMTP', () => {
    expect(() => parseEnv({ PUBLIC_URL: 'https://rights.example' })).toThrow(/SESSION_SECRET:[\s\S]*SMTP_URL: required/)
    const env = parseEnv({ PUBLIC_URL: 'https://rights.example', SESSION_SECRET: 'a long secret of our own', SMTP_URL: 'smtp://mail.example:25' })
    expect(devMailboxEnabled(env)).toBe(false)
  })

  it('shows the development mailbox only when no email is sent', () => {
    expect(devMailboxEnabled(parseEnv({ SMTP_URL: 'smtp://127.0.0.1:2525' }))).toBe(false)
  })
})
