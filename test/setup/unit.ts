import '@testing-library/jest-dom/vitest';
import { configure } from '@testing-library/dom';
import { afterEach } from 'vitest';
import { installDialogPolyfill } from './dialog-polyfill';

// Node-only unit tests run without a DOM; component tests get jsdom's, which lacks showModal().
if (typeof HTMLDialogElement !== 'undefined') {
  installDialogPolyfill();
  // findBy… and waitFor wait up to 10 s, not 1 s: a lazy panel's first load on a shared, loaded
  // machine can take seconds, and a test must fail on behaviour, not on the machine's load.
  configure({ asyncUtilTimeout: 10_000 });
  // Each test is a fresh window: no last-opened DSN, grouping or sidebar width from the one before.
  afterEach(() => localStorage.clear());
}
