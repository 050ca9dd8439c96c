import '@testing-library/jest-dom/vitest';
import { afterEach } from 'vitest';
import { installDialogPolyfill } from './dialog-polyfill';

// Node-only unit tests run without a DOM; component tests get jsdom's, which lacks showModal().
if (typeof HTMLDialogElement !== 'undefined') {
  installDialogPolyfill();
  // Each test is a fresh window: no last-opened DSN, grouping or sidebar width from the one before.
  afterEach(() => localStorage.clear());
}
