import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { bridge, unwrap } from './bridge.js';
import { Library } from './library.js';
import { VaultGate } from './vault-gate.js';

/** First run: create a vault. Later: unlock. Then the library. */
export function App() {
  const { t } = useTranslation();
  const status = useQuery({ queryKey: ['status'], queryFn: () => unwrap(bridge().vaultStatus()) });
  if (status.isPending)
    return (
      <main className="center" aria-busy="true">
        {t('common.opening')}
      </main>
    );
  if (status.isError)
    return (
      <main className="center" role="alert">
        {status.error.message}
      </main>
    );
  if (!status.data.unlocked) return <VaultGate exists={status.data.exists} />;
  return <Library />;
}
