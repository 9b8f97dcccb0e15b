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
  else if (link.status === 'ready') {
    const { capture, captureReason, states, statesReason, link: where, linkReason } = link.capabilities;
    const parts: string[] = [];
    // Under the wire the packets are captured by the wire itself: tcpdump's rights do not matter.
    if (!capture && where !== 'namespaces')
      parts.push(t('bridge.captureMissing', { reason: captureReason ?? t('bridge.unknownReason') }));
    if (where === 'namespaces') parts.push(t('bridge.linkNamespaces'));
    if (where === 'loopback') parts.push(t('bridge.linkLoopback', { reason: linkReason ?? t('bridge.unknownReason') }));
    // Where real runs take TCP states from: the kernel itself, or ss polls that miss short states.
    if (states === 'tracepoints') parts.push(t('bridge.statesKernel'));
    if (states === 'ss') parts.push(t('bridge.statesSs', { reason: statesReason ?? t('bridge.unknownReason') }));
    detail = parts.length > 0 ? parts.join(' ') : null;
  }
  const tone =
    link.status === 'ready'
      ? link.capabilities.capture || link.capabilities.link === 'namespaces'
        ? 'ok'
        : 'partial'
      : link.status === 'down'
        ? 'off'
        : 'wait';
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
