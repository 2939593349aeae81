import { data } from '@remix-run/node'

// Reading a posted form without trusting it: the server's middleware already
// refused bodies over the limit (413, app/server.ts); here anything that is not
// a form is answered 415, and a form that cannot be parsed 400, each with a
// page in the visitor's language (the root error boundary), never a 500.

export const MAX_FORM_BYTES = 256 * 1024
/** Routes that take an upload (an officer's export file) allow more. */
export const MAX_UPLOAD_BYTES = 6 * 1024 * 1024

export class BadBody extends Error {}

export async function readForm(request: Request): Promise<FormData> {
  const type = (request.headers.get('content-type') ?? '').toLowerCase()
  if (!type.startsWith('application/x-www-form-urlencoded') && !type.startsWith('multipart/form-data')) {
    throw data({ error: 'unsupportedBody' }, { status: 415 })
  }
  try {
    return await request.formData()
  } catch {
    throw data({ error: 'badBody' }, { status: 400 })
  }
}

/** A form field as one string: a repeated field or a file where text belongs count as not given. */
export function textField(form: FormData, name: string): string | undefined {
  const values = form.getAll(name)
  return values.length === 1 && typeof values[0] === 'string' ? values[0] : undefined
}
