// Full screen through the Fullscreen API; where the page may not (an iframe without permission,
// an old mobile browser), the button says which key to press instead.
import { useEffect, useState } from 'react';
import { useT } from '../useT';
import { Icon } from './Icon';

const supported = (): boolean =>
  typeof document !== 'undefined' &&
  document.fullscreenEnabled === true &&
  typeof document.documentElement.requestFullscreen === 'function';

export function FullscreenButton() {
  const t = useT();
  const [active, setActive] = useState(() => typeof document !== 'undefined' && document.fullscreenElement !== null);
  const [message, setMessage] = useState('');

  useEffect(() => {
    const onChange = () => setActive(document.fullscreenElement !== null);
    document.addEventListener('fullscreenchange', onChange);
    return () => document.removeEventListener('fullscreenchange', onChange);
  }, []);

  useEffect(() => {
    if (message === '') return undefined;
    const timer = setTimeout(() => setMessage(''), 8000);
    return () => clearTimeout(timer);
  }, [message]);

  const toggle = async () => {
    try {
      if (document.fullscreenElement !== null) {
        await document.exitFullscreen();
        return;
      }
      if (!supported()) {
        setMessage(t('teacher.fullscreenUnavailable'));
        return;
      }
      await document.documentElement.requestFullscreen({ navigationUI: 'hide' });
      setMessage('');
    } catch {
      setMessage(t('teacher.fullscreenUnavailable'));
    }
  };

  const label = t(active ? 'teacher.fullscreenExit' : 'teacher.fullscreen');
  return (
    <>
      <button
        type="button"
        className="header-button"
        data-testid="fullscreen"
        aria-pressed={active}
        aria-label={t('teacher.fullscreen')}
        title={label}
        onClick={() => void toggle()}
      >
        <Icon name={active ? 'shrink' : 'expand'} />
      </button>
      {message !== '' && (
        <p className="fullscreen-message" role="status" data-testid="fullscreen-message">
          {message}
        </p>
      )}
    </>
  );
}
