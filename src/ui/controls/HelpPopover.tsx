// The keyboard shortcuts, in a native popover (light dismiss and Escape for free).
import { useT } from '../useT';
import { Icon } from './Icon';
import { shortcuts } from './keys';

export function HelpButton() {
  const t = useT();
  return (
    <>
      <button
        type="button"
        className="header-button"
        data-testid="help-toggle"
        popoverTarget="help-popover"
        aria-label={t('panels.help')}
        title={t('panels.help')}
      >
        <Icon name="help" />
      </button>
      <div
        id="help-popover"
        className="help-popover"
        popover="auto"
        data-testid="help"
        role="dialog"
        aria-labelledby="help-title"
      >
        <h2 id="help-title">{t('help.title')}</h2>
        <table>
          <tbody>
            {shortcuts.map((shortcut) => (
              <tr key={shortcut.help}>
                <th scope="row">
                  <kbd>{shortcut.keys[t.lang]}</kbd>
                </th>
                <td>{t(shortcut.help)}</td>
              </tr>
            ))}
          </tbody>
        </table>
        <p className="muted">{t('help.note')}</p>
      </div>
    </>
  );
}
