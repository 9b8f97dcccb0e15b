// The header's file picker: a labelled <input type=file>, and the reminder that a capture is read
// here and never reaches the URL or a server.
import { useT } from '../useT';
import { openLazily } from './lazy';
import './capture.css';

const acceptedFiles = '.pcap,.pcapng,.cap,.json,.wirestep-trace,.pkt,application/vnd.tcpdump.pcap,application/json';

export function FileIcon() {
  return (
    <svg className="icon" viewBox="0 0 24 24" width="20" height="20" aria-hidden="true" focusable="false">
      <path d="M5 2h9l5 5v15H5zm8 1.8V8h4.2zM8 12v2h8v-2zm0 4v2h8v-2z" fill="currentColor" />
    </svg>
  );
}

export function OpenCapture() {
  const t = useT();
  return (
    <div className="open-capture">
      <label className="header-button with-text open-capture-button" title={t('capture.openLabel')}>
        <FileIcon />
        <span>{t('capture.open')}</span>
        <input
          type="file"
          className="visually-hidden"
          data-testid="open-capture"
          accept={acceptedFiles}
          aria-label={t('capture.openLabel')}
          aria-describedby="capture-local-note"
          onChange={(event) => {
            const file = event.currentTarget.files?.[0];
            // Cleared so that choosing the same file again opens it again.
            event.currentTarget.value = '';
            if (file !== undefined) openLazily(file);
          }}
        />
      </label>
      <span id="capture-local-note" className="open-capture-note">
        {t('capture.local')}
      </span>
    </div>
  );
}
