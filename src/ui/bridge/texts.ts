// How the page words the bridge's state: one message key per reason, so both languages follow.
import type { MessageKey } from '../../i18n';
import type { BridgeLink, RunBlocker } from '../../store/bridge';

export const blockerText: Readonly<Record<RunBlocker, MessageKey>> = {
  'no-token': 'bridge.reason.noToken',
  unreachable: 'bridge.reason.unreachable',
  closed: 'bridge.reason.closed',
  unsupported: 'bridge.reason.unsupported',
  connecting: 'bridge.reason.connecting',
  'no-python': 'bridge.reason.noPython',
  running: 'bridge.reason.running',
};

/** The header's short status: connected with or without capture, connecting, or not connected. */
export function linkStatusKey(link: BridgeLink): MessageKey {
  switch (link.status) {
    case 'down':
      return 'bridge.status.down';
    case 'connecting':
    case 'open':
      return 'bridge.status.connecting';
    case 'ready':
      return link.capabilities.capture ? 'bridge.status.capture' : 'bridge.status.noCapture';
  }
}
