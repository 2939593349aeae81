import { getInputProps, type FieldMetadata } from '@conform-to/react'
import { useTranslation } from 'react-i18next'

// The one-time-code field of the sign-in and enrolment pages: digits on a
// phone keyboard, and filled in by the platform where it offers codes.

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Field = FieldMetadata<any, any, any>

export function CodeField({ field, label, hint }: { field: Field; label: string; hint: string }) {
  const { t } = useTranslation()
  const invalid = !!field.errors?.length
  const describedBy = [field.descriptionId, invalid ? field.errorId : null].filter(Boolean).join(' ')
  return (
    <div className={`form-group${invalid ? ' form-group--error' : ''}`}>
      <label htmlFor={field.id} className="label">
        {label}
      </label>
      <div id={field.descriptionId} className="hint">
        {hint}
      </div>
      {invalid ? (
        <p id={field.errorId} className="field-error">
          <span className="visually-hidden">{t('errorPrefix')} </span>
          {t(field.errors![0]!)}
        </p>
      ) : null}
      <input
        {...getInputProps(field, { type: 'text', ariaAttributes: false })}
        key={field.key}
        className={`input input--width-10${invalid ? ' input--error' : ''}`}
        autoComplete="one-time-code"
        inputMode="numeric"
        pattern="[0-9 ]*"
        maxLength={8}
        spellCheck={false}
        aria-invalid={invalid || undefined}
        aria-describedby={describedBy}
      />
    </div>
  )
}
