import { Link } from '@remix-run/react'
import { useEffect, useRef, type ComponentProps, type ReactNode } from 'react'
import { useTranslation } from 'react-i18next'

// The small UI kit every page draws with, after the GOV.UK and MOJ case-working
// patterns: buttons, notifications, summary lists, tables that become cards
// on narrow screens, tags, selects, checkboxes and the error summary. Colours
// and spacing come from the design tokens (app/components/tokens.ts).

type Tone = 'primary' | 'secondary' | 'warning'

const buttonClass = (tone: Tone, extra?: string) => ['button', tone === 'primary' ? '' : `button--${tone}`, extra ?? ''].filter(Boolean).join(' ')

export function Button({ tone = 'primary', className, ...props }: ComponentProps<'button'> & { tone?: Tone }) {
  return <button type="submit" {...props} className={buttonClass(tone, className)} />
}

export function ButtonLink({ tone = 'secondary', className, ...props }: ComponentProps<typeof Link> & { tone?: Tone }) {
  return <Link {...props} className={buttonClass(tone, className)} />
}

/**
 * A message after something happened, or about something to know; the heading carries the meaning, not the colour.
 * A warning interrupts as an alert (the submission went wrong) unless `role`
 * says it is news to read in turn, such as a limit the person cannot fix.
 */
export function Notification({ tone = 'info', title, role, children }: { tone?: 'info' | 'success' | 'warning'; title?: string; role?: 'status' | 'alert'; children?: ReactNode }) {
  return (
    <div className={`notification notification--${tone}`} role={role ?? (tone === 'warning' ? 'alert' : 'status')}>
      {title ? <h2 className="notification__title">{title}</h2> : null}
      {children}
    </div>
  )
}

export type SummaryRow = { key: ReactNode; value: ReactNode; action?: ReactNode; id?: string }

export function SummaryList({ rows, className }: { rows: SummaryRow[]; className?: string }) {
  return (
    <dl className={`summary-list${className ? ` ${className}` : ''}`}>
      {rows.map((row, i) => (
        <div className="summary-list__row" key={row.id ?? i}>
          <dt className="summary-list__key">{row.key}</dt>
          <dd className="summary-list__value">{row.value}</dd>
          {row.action ? <dd className="summary-list__actions">{row.action}</dd> : null}
        </div>
      ))}
    </dl>
  )
}

/**
 * `priority: 'low'`: a column that gives way first. Between the card layout and
 * a wide desk screen it is hidden (app.css .table__low), so the columns that
 * matter keep room for their words; its cells take `priority="low"` too, and
 * what it shows must be reachable another way (the request page, a filter).
 * `words`: the heading breaks only between words, as Cell's `words` (our own
 * labels; a heading from an organisation's data may break anywhere).
 */
export type Column = { key: string; label: ReactNode; sort?: { href: string; current: 'asc' | 'desc' | null }; priority?: 'low'; words?: boolean }

const cellClass = (...names: Array<string | false | undefined>) => names.filter(Boolean).join(' ') || undefined

/**
 * A table whose rows become cards on narrow screens (each cell labelled by its
 * column, app.css .table--cards), so nothing scrolls sideways at 320 px.
 */
export function Table({
  caption,
  columns,
  children,
  foot,
  className,
}: {
  caption: string
  columns: Column[]
  children: ReactNode
  /** Rows of a footer (totals), drawn with Cell like the body's. */
  foot?: ReactNode
  className?: string
}) {
  const { t } = useTranslation()
  return (
    <table className={`table table--cards${className ? ` ${className}` : ''}`}>
      <caption className="visually-hidden">{caption}</caption>
      <thead>
        <tr>
          {columns.map((c) => (
            <th key={c.key} scope="col" className={cellClass(c.priority === 'low' && 'table__low', c.words && 'table__words')} aria-sort={c.sort?.current ? (c.sort.current === 'asc' ? 'ascending' : 'descending') : undefined}>
              {c.sort ? (
                <Link to={c.sort.href} className="sort-link">
                  {c.label}
                  {c.sort.current ? <span className="visually-hidden"> ({t(c.sort.current === 'asc' ? 'sortedAscending' : 'sortedDescending')})</span> : null}
                  <span aria-hidden="true">{c.sort.current === 'asc' ? ' ▲' : c.sort.current === 'desc' ? ' ▼' : ' ⇅'}</span>
                </Link>
              ) : (
                c.label
              )}
            </th>
          ))}
        </tr>
      </thead>
      <tbody>{children}</tbody>
      {foot ? <tfoot>{foot}</tfoot> : null}
    </table>
  )
}

/**
 * A cell that names its column when the table shows as cards. Cells break long
 * words anywhere rather than widen the page; `words` keeps words whole (dates,
 * statuses, tags: short, and unreadable when split).
 */
export function Cell({
  label,
  children,
  header,
  className,
  priority,
  words,
}: {
  label: string
  children: ReactNode
  header?: boolean
  className?: string
  priority?: 'low'
  words?: boolean
}) {
  const classes = cellClass(className, priority === 'low' && 'table__low', words && 'table__words')
  return header ? (
    <th scope="row" data-label={label} className={classes}>
      {children}
    </th>
  ) : (
    <td data-label={label} className={classes}>
      {children}
    </td>
  )
}

export type TagTone = 'neutral' | 'good' | 'bad' | 'wait' | 'grey' | 'alert'

/** A status in words; the colour repeats the words and never stands alone. */
export function Tag({ tone = 'neutral', children }: { tone?: TagTone; children: ReactNode }) {
  return <strong className={`tag tag--${tone}`}>{children}</strong>
}

export function Select({
  id,
  name,
  label,
  options,
  defaultValue,
  hint,
}: {
  id: string
  name: string
  label: string
  options: Array<{ value: string; label: string }>
  defaultValue?: string
  hint?: string
}) {
  return (
    <div className="form-group">
      <label className="label" htmlFor={id}>
        {label}
      </label>
      {hint ? (
        <div className="hint" id={`${id}-hint`}>
          {hint}
        </div>
      ) : null}
      <select className="select" id={id} name={name} defaultValue={defaultValue} aria-describedby={hint ? `${id}-hint` : undefined}>
        {options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
    </div>
  )
}

export function Checkbox({ id, name, value = '1', label, defaultChecked, hint }: { id: string; name: string; value?: string; label: ReactNode; defaultChecked?: boolean; hint?: string }) {
  return (
    <div className="checkbox">
      <input type="checkbox" id={id} name={name} value={value} defaultChecked={defaultChecked} aria-describedby={hint ? `${id}-hint` : undefined} />
      <label htmlFor={id}>{label}</label>
      {hint ? (
        <div className="hint checkbox__hint" id={`${id}-hint`}>
          {hint}
        </div>
      ) : null}
    </div>
  )
}

/** One choice of a group of radios, for forms that keep their own values (the conform forms use `Radios` in forms.tsx). */
export function Radio({ id, name, value, label, defaultChecked }: { id: string; name: string; value: string; label: ReactNode; defaultChecked?: boolean }) {
  return (
    <div className="radios__item">
      <input className="radios__input" type="radio" id={id} name={name} value={value} defaultChecked={defaultChecked} />
      <label className="radios__label" htmlFor={id}>
        {label}
      </label>
    </div>
  )
}

/**
 * The error summary at the top of a page after a submission with errors: a
 * heading and a link to each field, focused when it appears. `messages` are
 * already translated.
 */
export function ErrorList({ items }: { items: Array<{ href?: string; text: string }> }) {
  const { t } = useTranslation()
  const ref = useRef<HTMLDivElement>(null)
  const key = items.map((i) => i.text).join('|')
  useEffect(() => {
    if (key) ref.current?.focus()
  }, [key])
  if (items.length === 0) return null
  return (
    <div className="error-summary" role="alert" tabIndex={-1} ref={ref} aria-labelledby="error-summary-title">
      <h2 id="error-summary-title" className="error-summary__title">
        {t('errorSummaryTitle')}
      </h2>
      <ul>
        {items.map((item, i) => (
          <li key={i}>{item.href ? <a href={item.href}>{item.text}</a> : item.text}</li>
        ))}
      </ul>
    </div>
  )
}

/** Text an organisation wrote, marked with its own language when it is not the page's (WCAG 3.1.2). */
export function OrgText({ text, lang, pageLang, as: As = 'span', className }: { text: string; lang: string; pageLang: string; as?: 'span' | 'p' | 'div'; className?: string }) {
  return (
    <As lang={lang === pageLang ? undefined : lang === 'no' ? 'nb' : lang} className={className}>
      {text}
    </As>
  )
}
