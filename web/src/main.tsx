import { StrictMode } from 'react';
import { createRoot, hydrateRoot } from 'react-dom/client';
import { App } from './App';
import { markHydrating } from './hydration';
import { isPrerenderedFor, PRERENDERED_ATTRIBUTE } from './prerendered';
import { currentLocation } from './router';
import './styles.css';

const root = document.getElementById('root');
if (root) {
  const app = (
    <StrictMode>
      <App />
    </StrictMode>
  );
  // A page prerendered at build time is hydrated: React takes over the HTML already on screen.
  // Any other page (or a prerendered one opened with a query) is rendered, replacing what is there.
  if (isPrerenderedFor(root.getAttribute(PRERENDERED_ATTRIBUTE) ?? undefined, currentLocation())) {
    markHydrating();
    hydrateRoot(root, app);
  } else {
    createRoot(root).render(app);
  }
}
