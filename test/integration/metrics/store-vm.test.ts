import { openVictoriaMetricsStore } from '@pointer/server';
import { metricStoreContract } from './store-contract.js';
import { requireEnv } from './env.js';

metricStoreContract('VictoriaMetrics', async () => {
  const store = openVictoriaMetricsStore({ url: requireEnv('POINTER_TEST_VM_URL'), tenantLabel: 'pointer_tenant' });
  return { store, close: () => store.stop() };
});
