import { useTranslation } from 'react-i18next'

const COUNTRIES = ['DK', 'NO', 'FI'] as const

/** The country filter of the organisation search, on the start page and the results page. */
export function CountrySelect({ value = '' }: { value?: string }) {
  const { t } = useTranslation(['request', 'common'])
  return (
    <div className="form-group">
      <label className="label" htmlFor="country">
        {t('search.countryLabel')}
      </label>
      <select className="select" id="country" name="country" defaultValue={value} key={value}>
        <option value="">{t('search.anyCountry')}</option>
        {COUNTRIES.map((c) => (
          <option key={c} value={c}>
            {t(`common:countries.${c}`)}
          </option>
        ))}
      </select>
    </div>
  )
}
