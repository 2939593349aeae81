// A baseline app's server, started with plain `node`: Express and
// @remix-run/express as the portal's app/server.ts uses them, with its static
// files the same way, and nothing else. `node server.mjs <build folder> [port]`
// prints "listening <port>" once it answers.
import path from 'node:path'
import { pathToFileURL } from 'node:url'
import { createRequestHandler } from '@remix-run/express'
import express from 'express'

const [buildDir, port = '0'] = process.argv.slice(2)
if (!buildDir) throw new Error('usage: node server.mjs <build folder> [port]')
const build = await import(pathToFileURL(path.resolve(buildDir, 'server', 'index.js')).href)
const client = path.resolve(buildDir, 'client')
const app = express()
app.disable('x-powered-by')
app.use('/assets', express.static(path.join(client, 'assets'), { immutable: true, maxAge: '1y' }))
app.use(express.static(client, { maxAge: '1h' }))
app.all('*', createRequestHandler({ build, mode: 'production' }))
const server = app.listen(Number(port), '127.0.0.1', () => console.log(`listening ${server.address().port}`))
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => server.close(() => process.exit(0)))
