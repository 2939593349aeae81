import { getInputProps, getTextareaProps, type FieldMetadata, type FormMetadata } from '@conform-to/react'
import { useEffect, useState, type ReactNode } from 'react'
import { useTranslation } from 'react-i18next'
import { ErrorList } from '~/components/ui'

// Form parts with the GOV.UK behaviour: the question is the label or legend,
// hints and errors are tied to the field with aria-describedby, an error
// summary at the top links to each field. Error messages are locale keys.

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Field = FieldMetadata<any, any, any>

export function ErrorSummary({ form, fields }: { form: FormMetadata<any>; fields: Array<{ field: Field; focusId?: string }> }) {
  const { t } = useTranslation()
  const items = [
    ...(form.errors ?? []).map((message: string) => ({ href: undefined, text: t(message) })),
    ...fields.flatMap(({ field, focusId }) => (field.errors ?? []).slice(0, 1).map((message: string) => ({ href: `#${focusId ?? field.id}`, text: t(message) }))),
  ]
  return <ErrorList items={items} />
}

function FieldError({ field }: { field: Field }) {
  const { t } = useTranslation()
  const message = field.errors?.[0]
  if (!message) return null
  return (
    <p id={field.errorId} className="field-error">
      <span className="visually-hidden">{t('errorPrefix')} </span>
      {t(message)}
    </p>
  )
}

function describedBy(field: Field, hint: ReactNode) {
  return [hint ? field.descriptionId : null, field.errors?.length ? field.errorId : null].filter(Boolean).join(' ') || undefined
}

export function TextField({
  field,
  label,
  hint,
  type = 'text',
  autoComplete,
  optional,
  className,
  asHeading,
}: {
  field: Field
  label: ReactNode
  hint?: ReactNode
  type?: 'text' | 'email' | 'tel' | 'search' | 'password' | 'date' | 'datetime-local'
  autoComplete?: string
  optional?: boolean
  className?: string
  asHeading?: boolean
}) {
  const invalid = !!field.errors?.length
  return (
    <FieldShell field={field} label={label} hint={hint} optional={optional} asHeading={asHeading}>
      <input
        {...getInputProps(field, { type, ariaAttributes: false })}
        key={field.key}
        className={`input${invalid ? ' input--error' : ''}${className ? ` ${className}` : ''}`}
        autoComplete={autoComplete}
        aria-invalid={invalid || undefined}
        aria-describedby={describedBy(field, hint)}
        spellCheck={type === 'email' ? false : undefined}
      />
    </FieldShell>
  )
}

export function TextArea({ field, label, hint, optional, rows = 5 }: { field: Field; label: ReactNode; hint?: ReactNode; optional?: boolean; rows?: number }) {
  const invalid = !!field.errors?.length
  return (
    <FieldShell field={field} label={label} hint={hint} optional={optional}>
      <textarea
        {...getTextareaProps(field, { ariaAttributes: false })}
        key={field.key}
        rows={rows}
        className={`textarea${invalid ? ' input--error' : ''}`}
        aria-invalid={invalid || undefined}
        aria-describedby={describedBy(field, hint)}
      />
    </FieldShell>
  )
}

/** What every text field has around its control: the group, the label (optionally the page heading), the hint and the error. */
function FieldShell({
  field,
  label,
  hint,
  optional,
  asHeading,
  children,
}: {
  field: Field
  label: ReactNode
  hint?: ReactNode
  optional?: boolean
  asHeading?: boolean
  children: ReactNode
}) {
  const { t } = useTranslation()
  const labelEl = (
    <label htmlFor={field.id} className={asHeading ? 'label label--heading' : 'label'}>
      {optional ? (
        <>
          {label} {t('optional')}
        </>
      ) : (
        label
      )}
    </label>
  )
  return (
    <div className={`form-group${field.errors?.length ? ' form-group--error' : ''}`}>
      {asHeading ? <h1 className="label-wrapper">{labelEl}</h1> : labelEl}
      {hint ? (
        <div id={field.descriptionId} className="hint">
          {hint}
        </div>
      ) : null}
      <FieldError field={field} />
      {children}
    </div>
  )
}

/** `conditional`: a question that belongs to this choice, shown beneath it (GOV.UK's conditional reveal). */
export type Choice = { value: string; label: string; hint?: ReactNode; conditional?: ReactNode }

/**
 * A group of radios in a fieldset; the legend is the page heading when it is the page's one question.
 * A choice's conditional question is always there without JavaScript; with it,
 * only the checked choice's question shows (CSS :checked, so no state to keep).
 */
export function Radios({
  field,
  legend,
  hint,
  choices,
  asHeading,
  currentValue,
}: {
  field: Field
  legend: string
  hint?: ReactNode
  choices: Choice[]
  asHeading?: boolean
  /** The value to check; defaults to the field's initial value. */
  currentValue?: string
}) {
  const invalid = !!field.errors?.length
  const value = currentValue ?? (field.initialValue as string | undefined)
  // Each read of a conform field builds its metadata afresh: read once, not once per choice.
  const { id: fieldId, name } = field
  const [enhanced, setEnhanced] = useState(false)
  useEffect(() => setEnhanced(true), [])
  return (
    <div className={`form-group${invalid ? ' form-group--error' : ''}`}>
      <fieldset className="fieldset" aria-describedby={describedBy(field, hint)}>
        <legend className={asHeading ? 'legend legend--heading' : 'legend'}>{asHeading ? <h1>{legend}</h1> : legend}</legend>
        {hint ? (
          <div id={field.descriptionId} className="hint">
            {hint}
          </div>
        ) : null}
        <FieldError field={field} />
        <div className={enhanced ? 'radios radios--enhanced' : 'radios'}>
          {choices.map((choice, i) => {
            const id = i === 0 ? fieldId : `${fieldId}-${choice.value}`
            const hintId = `${id}-hint`
            const conditionalId = `${id}-conditional`
            return (
              <div key={choice.value} className="radios__item">
                <input
                  className="radios__input"
                  type="radio"
                  id={id}
                  name={name}
                  value={choice.value}
                  defaultChecked={value === choice.value}
                  aria-describedby={choice.hint ? hintId : undefined}
                  aria-controls={choice.conditional ? conditionalId : undefined}
                />
                <label className="radios__label" htmlFor={id}>
                  {choice.label}
                </label>
                {choice.hint ? (
                  <div id={hintId} className="hint radios__hint">
                    {choice.hint}
                  </div>
                ) : null}
                {choice.conditional ? (
                  <div id={conditionalId} className="radios__conditional">
                    {choice.conditional}
                  </div>
                ) : null}
              </div>
            )
          })}
        </div>
      </fieldset>
    </div>
  )
}

/** Several choices of one question, any number of them checked; `checked` are the values checked at first. */
export function Checkboxes({ field, legend, hint, choices, checked }: { field: Field; legend: string; hint?: ReactNode; choices: Array<{ value: string; label: ReactNode; hint?: ReactNode }>; checked: readonly string[] }) {
  const invalid = !!field.errors?.length
  const { id: fieldId, name } = field
  return (
    <div className={`form-group${invalid ? ' form-group--error' : ''}`}>
      <fieldset className="fieldset" aria-describedby={describedBy(field, hint)}>
        <legend className="legend">{legend}</legend>
        {hint ? (
          <div id={field.descriptionId} className="hint">
            {hint}
          </div>
        ) : null}
        <FieldError field={field} />
        {choices.map((choice, i) => {
          const id = i === 0 ? fieldId : `${fieldId}-${i}`
          return (
            <div key={choice.value} className="checkbox">
              <input type="checkbox" id={id} name={name} value={choice.value} defaultChecked={checked.includes(choice.value)} aria-describedby={choice.hint ? `${id}-hint` : undefined} />
              <label htmlFor={id}>{choice.label}</label>
              {choice.hint ? (
                <div className="hint checkbox__hint" id={`${id}-hint`}>
                  {choice.hint}
                </div>
              ) : null}
            </div>
          )
        })}
      </fieldset>
    </div>
  )
}

/**
 * A YAML document pasted whole (an organisation file, a processor's client
 * register). The validator's problems name fields by their path in the
 * document, so they stay as written, in English, under the translated error.
 */
export function YamlField({
  name,
  label,
  hint,
  error,
  problems = [],
  text,
  rows,
}: {
  name: string
  label: string
  hint: string
  error?: string
  problems?: readonly string[]
  text: string
  rows: number
}) {
  const { t } = useTranslation()
  return (
    <div className={`form-group${error ? ' form-group--error' : ''}`}>
      <label htmlFor={name} className="label">
        {label}
      </label>
      <div id={`${name}-hint`} className="hint">
        {hint}
      </div>
      {error ? (
        <div id={`${name}-error`} className="field-error">
          <p>
            <span className="visually-hidden">{t('errorPrefix')} </span>
            {error}
          </p>
          {problems.length ? (
            <ul lang="en">
              {problems.map((p, i) => (
                <li key={i}>
                  <code>{p}</code>
                </li>
              ))}
            </ul>
          ) : null}
        </div>
      ) : null}
      <textarea
        id={name}
        name={name}
        rows={rows}
        className={`textarea org-file${error ? ' input--error' : ''}`}
        defaultValue={text}
        spellCheck={false}
        aria-invalid={error ? true : undefined}
        aria-describedby={error ? `${name}-hint ${name}-error` : `${name}-hint`}
      />
    </div>
  )
}
