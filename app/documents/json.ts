// JSON written in parts, so that a large document (a person's data of a
// hundred thousand rows) never has to be one string in memory.

/**
 * The text of JSON.stringify(value, null, 2), exactly, in pieces: each array
 * element or object member of the value's first `depth` levels is its own
 * piece, deeper ones are written whole. Pieces are small; join them in
 * buffers (utf8Chunks) before writing them anywhere.
 */
export function* prettyJsonParts(value: unknown, depth = 4): Generator<string, void, undefined> {
  yield* parts(value, '', depth)
}

function* parts(input: unknown, indent: string, depth: number): Generator<string, void, undefined> {
  const value = toJson(input)
  if (depth <= 0 || value === null || typeof value !== 'object') {
    yield JSON.stringify(value, null, 2).replace(/\n/g, `\n${indent}`)
    return
  }
  const inner = `${indent}  `
  if (Array.isArray(value)) {
    if (value.length === 0) return yield '[]'
    yield '['
    for (let i = 0; i < value.length; i++) {
      yield `${i > 0 ? ',' : ''}\n${inner}`
      const element = toJson(value[i])
      // As JSON.stringify: in an array, what JSON cannot hold is null.
      if (element === undefined || typeof element === 'function' || typeof element === 'symbol') yield 'null'
      else yield* parts(element, inner, depth - 1)
    }
    yield `\n${indent}]`
    return
  }
  let first = true
  for (const [key, raw] of Object.entries(value)) {
    const member = toJson(raw)
    // As JSON.stringify: in an object, a member JSON cannot hold is left out.
    if (member === undefined || typeof member === 'function' || typeof member === 'symbol') continue
    yield `${first ? '{' : ','}\n${inner}${JSON.stringify(key)}: `
    first = false
    yield* parts(member, inner, depth - 1)
  }
  yield first ? '{}' : `\n${indent}}`
}

function toJson(value: unknown): unknown {
  return value !== null && typeof value === 'object' && typeof (value as { toJSON?: unknown }).toJSON === 'function' ? (value as { toJSON: () => unknown }).toJSON() : value
}
