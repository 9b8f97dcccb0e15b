import { languages } from '../i18n';
import { useT } from '../i18n/useT';
import { selectLang, setLanguage, useAppStore } from '../store';

export function Header() {
  const t = useT();
  const lang = useAppStore(selectLang);
  return (
    <header className="header">
      <div className="brand">
        <h1>{t('app.name')}</h1>
        <p className="tagline">{t('app.tagline')}</p>
      </div>
      <div className="lang-switch" role="group" aria-label={t('lang.label')}>
        {languages.map((code) => (
          <button
            key={code}
            type="button"
            lang={code}
            data-testid={`lang-${code}`}
            aria-label={t(`lang.${code}`)}
            aria-pressed={lang === code}
            onClick={() => setLanguage(code)}
          >
            {code.toUpperCase()}
          </button>
        ))}
      </div>
    </header>
  );
}
