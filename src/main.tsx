import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { connectStoreToPage, startBridge } from './store';
import { App } from './ui/App';
import { installTestingView } from './ui/testing';
import './ui/app.css';
// After app.css: the phone and tablet layout overrides it below 900 px.
import './ui/mobile.css';

// Read before the store rewrites the address (it drops a step without a known scenario).
const params = new URLSearchParams(window.location.search);
const bench = params.get('bench');
connectStoreToPage(window);
// Real sockets through the bridge (`npm start`): its client loads apart, only with the URL's token.
startBridge(window);

// Playwright users' tests only (e2e/wirestep.ts): a read-only window.wirestep.
if (params.get('testing') === '1') installTestingView(window);

// Offline after one visit (public/sw.js), in a built site only. Not in a bridge session (its
// URL holds the token): the bridge serves the app itself, and the page must stay its live copy.
if (import.meta.env.PROD && 'serviceWorker' in navigator && !params.has('token')) {
  window.addEventListener('load', () => {
    void navigator.serviceWorker.register('./sw.js', { scope: './' }).catch(() => undefined);
  });
}

// Benchmarks only (scripts/bench-ui.mjs): a generated trace, in its own chunk.
if (bench !== null) {
  void import('./ui/bench/install').then(({ benchSegments, installBench }) =>
    installBench(window, benchSegments(bench), Number(params.get('step')) || 0),
  );
}

const root = document.getElementById('root');
if (root === null) throw new Error('index.html has no #root element');
createRoot(root).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
