import { describe, expect, it } from 'vitest'
import { devMailboxEnabled, parseEnv as parse } from './env.server'

const parseEnv = (vars: Record<string, string>) => parse(vars as NodeJS.ProcessEnv)
const KEY = Buffer.alloc(32, 7).toString('base64')

describe('configuration', () => {
  it('has safe defaults for local use', () => {
    const env = parseEnv({})
    expect(env).toMatchObject({ DATABASE_PATH: 'data/portal.sqlite', PORT: 3000, PUBLIC_URL: 'http://localhost:3000' })
    expect(devMailboxEnabled(env)).toBe(true)
    // Keys of its own, derived from the session secret, so a local portal works at once.
    expect(env.DATA_KEYS).toHaveLength(1)
    expect(env.DATA_KEYS[0]!.key).toHaveLength(32)
    expect(env.INDEX_KEY).toHaveLength(32)
  })

  it('derives the public address from the port when none is given', () => {
    expect(parseEnv({ PORT: '4123' }).PUBLIC_URL).toBe('http://localhost:4123')
    expect(parseEnv({ PORT: '4123', PUBLIC_URL: 'http://localhost:8080/' }).PUBLIC_URL).toBe('http://localhost:8080')
  })

  it('names every wrong variable', () => {
    expect(() => parseEnv({ PORT: 'eighty', PUBLIC_URL: 'not a url', SMTP_URL: 'http://mail', DATA_KEYS: 'k1:short', INDEX_KEY: 'abc' })).toThrow(
      /PORT:[\s\S]*PUBLIC_URL:[\s\S]*SMTP_URL: must start with smtp:\/\/ or smtps:\/\/[\s\S]*DATA_KEYS:[\s\S]*INDEX_KEY:/,
    )
  })

  it('reads several data keys, the first sealing, and refuses two with one id', () => {
    const env = parseEnv({ DATA_KEYS: `new:${KEY}, old:${Buffer.alloc(32, 9).toString('base64')}` })
    expect(env.DATA_KEYS.map((k) => k.id)).toEqual(['new', 'old'])
    expect(() => parseEnv({ DATA_KEYS: `a:${KEY},a:${KEY}` })).toThrow(/DATA_KEYS: key ids must differ/)
  })

  it('refuses a public portal without its own session secret, SMTP or keys', () => {
    expect(() => parseEnv({ PUBLIC_URL: 'https://rights.example' })).toThrow(/SESSION_SECRET:[\s\S]*SMTP_URL: required[\s\S]*DATA_KEYS: required[\s\S]*INDEX_KEY: required/)
    const env = parseEnv({ PUBLIC_URL: 'https://rights.example', SESSION_SECRET: 'a long secret of our own', SMTP_URL: 'smtp://mail.example:25', DATA_KEYS: `k1:${KEY}`, INDEX_KEY: KEY })
    expect(devMailboxEnabled(env)).toBe(false)
  })

  it('reads the hosts connectors may call in a private network, as the URL parser writes them', () => {
    expect(parseEnv({}).CONNECTOR_ALLOWED_HOSTS).toEqual([])
    expect(parseEnv({ CONNECTOR_ALLOWED_HOSTS: ' CRM.Internal.example:8443, 127.0.0.1 ,[::1]:443' }).CONNECTOR_ALLOWED_HOSTS).toEqual([
      { hostname: 'crm.internal.example', port: 8443 },
      { hostname: '127.0.0.1', port: null },
      { hostname: '[::1]', port: 443 },
    ])
    expect(() => parseEnv({ CONNECTOR_ALLOWED_HOSTS: 'https://crm.example/' })).toThrow(/CONNECTOR_ALLOWED_HOSTS: "https:\/\/crm.example\/" is not a host/)
    expect(() => parseEnv({ CONNECTOR_ALLOWED_HOSTS: 'crm.example:99999' })).toThrow(/CONNECTOR_ALLOWED_HOSTS/)
  })

  it('refuses a connectors folder that holds the database', () => {
    expect(parseEnv({}).CONNECTOR_DIR).toBe('data/connectors')
    expect(() => parseEnv({ CONNECTOR_DIR: 'data' })).toThrow(/CONNECTOR_DIR: must not contain DATABASE_PATH/)
    expect(() => parseEnv({ CONNECTOR_DIR: '.', DATABASE_PATH: '/srv/portal/portal.sqlite' })).not.toThrow()
    expect(() => parseEnv({ CONNECTOR_DIR: '/srv', DATABASE_PATH: '/srv/portal/portal.sqlite' })).toThrow(/CONNECTOR_DIR/)
  })

  it('shows the development mailbox only when no email is sent', () => {
    expect(devMailboxEnabled(parseEnv({ SMTP_URL: 'smtp://127.0.0.1:2525' }))).toBe(false)
  })
})
