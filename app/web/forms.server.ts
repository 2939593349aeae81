import { data } from '@remix-run/node'

// Reading a posted form without trusting it: the server's middleware already
// refused bodies over the limit (413, app/server.ts); here anything that is not
// a form is answered 415, and a form that cannot be parsed 400, each with a
// page in the visitor's language (the root error boundary), never a 500.

export const MAX_FORM_BYTES = 256 * 1024
/** Routes that take an upload (an officer's export file) allow more. */
export const MAX_UPLOAD_BYTES = 6 * 1024 * 1024

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

/**
 * A posted id (a select's value, a hidden field): digits only, a positive safe
 * integer. Text, "1.5", "-1", "1e3", a number past 2^53 or a repeated field is
 * undefined, for the route to answer with the field's error, never a throw.
 */
export function idField(form: FormData, name: string): number | undefined {
  return asId(textField(form, name))
}

/** Every value of a field that may repeat (checkboxes), or undefined when any one of them is not an id. */
export function idsField(form: FormData, name: string): number[] | undefined {
  const ids = form.getAll(name).map((v) => (typeof v === 'string' ? asId(v) : undefined))
  return ids.every((id) => id !== undefined) ? (ids as number[]) : undefined
}

function asId(value: string | undefined): number | undefined {
  if (value === undefined || !/^\d{1,16}$/.test(value)) return undefined
  const id = Number(value)
  return Number.isSafeInteger(id) && id > 0 ? id : undefined
}

/**
 * The page again with what was wrong, answered 400: a value the form itself
 * could not have sent, or one the rules refuse, is the client's error, and the
 * error is shown beside the field in the page's language.
 */
export function invalidForm<T>(body: T): T {
  // Remix answers the wrapper with its status and hands the page the body; it
  // is typed as the body because the routes' types read action data as it
  // arrives in the page.
  return data(body, { status: 400 }) as unknown as T
}
