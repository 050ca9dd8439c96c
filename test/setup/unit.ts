import '@testing-library/jest-dom/vitest';
import { installDialogPolyfill } from './dialog-polyfill';

// Node-only unit tests run without a DOM; component tests get jsdom's, which lacks showModal().
if (typeof HTMLDialogElement !== 'undefined') installDialogPolyfill();
