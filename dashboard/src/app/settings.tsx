import { type ComponentChildren, createContext } from 'preact';
import { useContext, useMemo, useState } from 'preact/hooks';
import { type Formatters, formatters } from '../i18n/format.ts';
import { type Language, type MessageKey, messages } from '../i18n/messages.ts';

/** Today in Vietnam (UTC+7, no daylight saving), `YYYY-MM-DD`. */
export function todayInVietnam(now = new Date()): string {
  return new Date(now.getTime() + 7 * 3600_000).toISOString().slice(0, 10);
}

/** What the person chose: language, access, and the time controls every view reads. */
export interface Settings {
  language: Language;
  /** Day the units and the registry are read as of. */
  asOf: string;
  /** Period of the dossier statistics (both days included). */
  from: string;
  to: string;
  /** A researcher token pasted by the person; kept in this tab's session only. */
  token: string | null;
}

interface SettingsContextValue {
  settings: Settings;
  update(change: Partial<Settings>): void;
  t(key: MessageKey): string;
  format: Formatters;
}

const SettingsContext = createContext<SettingsContextValue | null>(null);

/** The first day the two-tier model was in force: the default start of the dossier period. */
export const reformDay = '2025-07-01';

function initialSettings(): Settings {
  const today = todayInVietnam();
  const stored = typeof localStorage === 'undefined' ? null : localStorage.getItem('language');
  return {
    language: stored === 'en' ? 'en' : 'vi',
    asOf: today,
    from: reformDay,
    to: today,
    token: typeof sessionStorage === 'undefined' ? null : sessionStorage.getItem('token'),
  };
}

/** Holds the settings for the whole app. */
export function SettingsProvider(props: { children: ComponentChildren }) {
  const [settings, setSettings] = useState(initialSettings);
  const value = useMemo<SettingsContextValue>(() => {
    const dictionary = messages[settings.language];
    return {
      settings,
      update(change) {
        if (change.language) {
          localStorage.setItem('language', change.language);
          document.documentElement.lang = change.language;
        }
        if (change.token !== undefined) {
          if (change.token) sessionStorage.setItem('token', change.token);
          else sessionStorage.removeItem('token');
        }
        setSettings((current) => ({ ...current, ...change }));
      },
      t: (key) => dictionary[key],
      format: formatters(settings.language),
    };
  }, [settings]);
  return <SettingsContext.Provider value={value}>{props.children}</SettingsContext.Provider>;
}

/** The settings, the message lookup and the formatters of the current language. */
export function useSettings(): SettingsContextValue {
  const value = useContext(SettingsContext);
  if (!value) throw new Error('useSettings outside SettingsProvider');
  return value;
}
