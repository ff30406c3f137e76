import { Provider } from '@urql/preact';
import { useMemo, useState } from 'preact/hooks';
import { Link, Route, Router, Switch } from 'wouter-preact';
import { useHashLocation } from 'wouter-preact/use-hash-location';
import { CommuneView } from '../views/CommuneView.tsx';
import { CountryView } from '../views/CountryView.tsx';
import { ProvinceView } from '../views/ProvinceView.tsx';
import { ReformView } from '../views/ReformView.tsx';
import { ServiceIndexView } from '../views/ServiceIndexView.tsx';
import { createGraphClient } from './createGraphClient.ts';
import { SettingsProvider, useSettings } from './settings.tsx';

/** The dashboard: header with navigation and time controls, and the view of the route. */
export function App() {
  return (
    <SettingsProvider>
      <Shell />
    </SettingsProvider>
  );
}

function Shell() {
  const { settings, t } = useSettings();
  const client = useMemo(() => createGraphClient(settings.token), [settings.token]);
  return (
    <Provider value={client}>
      <Router hook={useHashLocation}>
        <button type="button" class="skip-link" onClick={focusMain}>
          {t('skipToContent')}
        </button>
        <header class="app-header">
          <div class="title">
            <h1>{t('appTitle')}</h1>
            <p>{t('appSubtitle')}</p>
          </div>
          <nav aria-label={t('appTitle')}>
            <NavLink href="/">{t('navCountry')}</NavLink>
            <NavLink href="/reform">{t('navReform')}</NavLink>
            <NavLink href="/service-index">{t('navServiceIndex')}</NavLink>
          </nav>
          <Controls />
        </header>
        <main id="main" tabIndex={-1}>
          <Switch>
            <Route path="/">
              <CountryView />
            </Route>
            <Route path="/province/:code">{(params) => <ProvinceView code={params.code} />}</Route>
            <Route path="/commune/:code">{(params) => <CommuneView code={params.code} />}</Route>
            <Route path="/reform">
              <ReformView />
            </Route>
            <Route path="/service-index">
              <ServiceIndexView />
            </Route>
            <Route path="/service-index/:code">
              {(params) => <ServiceIndexView code={params.code} />}
            </Route>
            <Route>
              <p>{t('notFound')}</p>
            </Route>
          </Switch>
        </main>
        <footer class="app-footer">
          <p>{t('synthetic')}</p>
        </footer>
      </Router>
    </Provider>
  );
}

// A button rather than a `#main` link: the hash is the router's.
function focusMain() {
  document.getElementById('main')?.focus();
}

function NavLink(props: { href: string; children: string }) {
  return (
    <Link
      href={props.href}
      className={(active: boolean) => (active ? 'nav-link active' : 'nav-link')}
      aria-current={location.hash.replace(/^#/, '') === props.href ? 'page' : undefined}
    >
      {props.children}
    </Link>
  );
}

function Controls() {
  const { settings, update, t } = useSettings();
  const [token, setToken] = useState('');
  const onDate = (name: 'asOf' | 'from' | 'to') => (event: Event) => {
    const value = (event.target as HTMLInputElement).value;
    // An emptied or half-typed date field keeps the last complete day.
    if (/^\d{4}-\d{2}-\d{2}$/.test(value)) update({ [name]: value });
  };
  return (
    <form class="controls" onSubmit={(event) => event.preventDefault()}>
      <label>
        <span>{t('asOf')}</span>
        <input type="date" value={settings.asOf} min="2020-01-01" onChange={onDate('asOf')} />
      </label>
      <label>
        <span>{t('periodFrom')}</span>
        <input type="date" value={settings.from} max={settings.to} onChange={onDate('from')} />
      </label>
      <label>
        <span>{t('periodTo')}</span>
        <input type="date" value={settings.to} min={settings.from} onChange={onDate('to')} />
      </label>
      <label>
        <span>{t('language')}</span>
        <select
          value={settings.language}
          onChange={(event) =>
            update({ language: (event.target as HTMLSelectElement).value as 'vi' | 'en' })
          }
        >
          <option value="vi" lang="vi">
            Tiếng Việt
          </option>
          <option value="en" lang="en">
            English
          </option>
        </select>
      </label>
      <details class="token">
        <summary>{settings.token ? t('accessResearcher') : t('accessAnonymous')}</summary>
        <label>
          <span>{t('token')}</span>
          <input
            type="password"
            autoComplete="off"
            value={token}
            aria-describedby="token-hint"
            onInput={(event) => setToken((event.target as HTMLInputElement).value.trim())}
          />
        </label>
        <p id="token-hint" class="muted">
          {t('tokenHint')}
        </p>
        <button type="button" onClick={() => update({ token: token || null })}>
          {t('tokenApply')}
        </button>{' '}
        <button
          type="button"
          onClick={() => {
            setToken('');
            update({ token: null });
          }}
        >
          {t('tokenClear')}
        </button>
      </details>
    </form>
  );
}
