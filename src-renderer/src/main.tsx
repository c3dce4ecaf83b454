// First: strings are ready in the chosen language before anything renders.
import './i18n/index.js';
// Before the first render: the chosen theme, on the unlock screen too.
import './theme.js';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './app.js';
import { bridge } from './bridge.js';

const queryClient = new QueryClient({ defaultOptions: { queries: { retry: false, staleTime: 30_000 } } });

// Main pushes changes; the caches follow them. No polling.
bridge().on('documents:changed', () => void queryClient.invalidateQueries({ queryKey: ['documents'] }));
bridge().on('mail:changed', () => void queryClient.invalidateQueries({ queryKey: ['mail'] }));
bridge().on('ingest:progress', () => void queryClient.invalidateQueries({ queryKey: ['jobs'] }));
bridge().on('vault:locked', () => {
  // Locked: drop every cached document from memory, then show the unlock screen.
  queryClient.removeQueries({ predicate: (q) => q.queryKey[0] !== 'status' });
  void queryClient.invalidateQueries({ queryKey: ['status'] });
});

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <QueryClientProvider client={queryClient}>
      <App />
    </QueryClientProvider>
  </StrictMode>,
);
