// The header's title while an imported trace is shown: what kind of file, its name, and a badge
// when the TCP states were inferred from packets.
import { useT } from '../useT';
import type { ImportedFrom } from '../../store';

export function ImportedTitle({ from }: { from: ImportedFrom }) {
  const t = useT();
  return (
    <p className="current-scenario imported-title" data-testid="imported-title">
      {/* A capture's badge says enough on screen; the kind stays for screen readers. */}
      <span className={from.inferred ? 'visually-hidden' : 'imported-kind'}>{t(`capture.source.${from.kind}`)}</span>
      <span className="imported-file" data-testid="imported-file" title={from.fileName}>
        {from.fileName}
      </span>
      {from.inferred && (
        <span className="inferred-badge" data-testid="inferred-badge" title={t('capture.inferredHint')}>
          {t('capture.inferred')}
          <span className="visually-hidden">: {t('capture.inferredHint')}</span>
        </span>
      )}
    </p>
  );
}
