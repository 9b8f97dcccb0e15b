// The header's bridge indicator: whether real runs are possible and, when not, exactly why.
import { useT } from '../useT';
import { selectBridgeLink, useAppStore } from '../../store';
import { blockerText, linkStatusKey } from './texts';
import './bridge.css';

export function BridgeStatus() {
  const t = useT();
  const link = useAppStore(selectBridgeLink);
  const short = t(linkStatusKey(link));
  let detail: string | null = null;
  if (link.status === 'down') detail = t(blockerText[link.reason]);
  else if (link.status === 'ready' && !link.capabilities.capture) {
    detail = t('bridge.captureMissing', { reason: link.capabilities.captureReason ?? t('bridge.unknownReason') });
  }
  const tone =
    link.status === 'ready' ? (link.capabilities.capture ? 'ok' : 'partial') : link.status === 'down' ? 'off' : 'wait';
  return (
    <p
      className={`bridge-status bridge-${tone}`}
      data-testid="bridge-status"
      data-status={link.status}
      title={detail === null ? short : `${short}: ${detail}`}
      role="status"
    >
      <span className="bridge-dot" aria-hidden="true" />
      <span className="bridge-status-label">{t('bridge.label')}</span>
      <span aria-hidden="true">·</span>
      <span className="bridge-status-text">
        {short}
        {/* The reason is in the tooltip and the run bar; here it would crowd the header. */}
        {detail !== null && <span className="visually-hidden">: {detail}</span>}
      </span>
    </p>
  );
}
