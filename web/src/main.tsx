// Web app entry: Mantine theme with WCAG AA contrast, router, app shell.
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { MantineProvider, createTheme } from '@mantine/core';
import '@mantine/core/styles.css';
import './styles.css';
import { Router } from './lib/router';
import { App } from './App';

const theme = createTheme({ primaryColor: 'indigo', primaryShade: 9, focusRing: 'always', fontFamily: 'system-ui, -apple-system, Segoe UI, Roboto, sans-serif' });

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <MantineProvider theme={theme}>
      <Router>
        <App />
      </Router>
    </MantineProvider>
  </StrictMode>,
);
