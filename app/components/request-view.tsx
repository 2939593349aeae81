import { useTranslation } from 'react-i18next'

export type HistoryItem = { id: number; at: string; kind: string }

/** A request's public history, oldest first. */
export function History({ items }: { items: HistoryItem[] }) {
  const { t } = useTranslation('request')
  return (
    <ol className="timeline">
      {items.map((item) => (
        <li key={item.id} className="timeline__item">
          <p className="timeline__title">{t(`history.${item.kind}`, { defaultValue: t('history.other') })}</p>
          <p className="timeline__date">{item.at}</p>
        </li>
      ))}
    </ol>
  )
}
