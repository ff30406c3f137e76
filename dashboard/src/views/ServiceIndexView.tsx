import { useSettings } from '../app/settings.tsx';

/** The service index of Decision 766 (filled in with the procedures subgraph's index). */
export function ServiceIndexView(_props: { code?: string }) {
  const { t } = useSettings();
  return (
    <section>
      <h2>{t('serviceIndexTitle')}</h2>
    </section>
  );
}
