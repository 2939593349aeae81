import { z } from 'zod'

// Form schemas of the officer account pages, shared by the page and its action.

export const PASSWORD_MIN_LENGTH = 12

export const newPasswordSchema = z.object({
  password: z
    .string({ required_error: 'auth:errors.passwordRequired' })
    .min(PASSWORD_MIN_LENGTH, 'auth:errors.passwordTooShort')
    .max(200, 'auth:errors.passwordTooLong'),
})
