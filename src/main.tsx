import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { connectStoreToPage } from './store';
import { App } from './ui/App';
import './ui/app.css';

connectStoreToPage(window);

const root = document.getElementById('root');
if (root === null) throw new Error('index.html has no #root element');
createRoot(root).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
