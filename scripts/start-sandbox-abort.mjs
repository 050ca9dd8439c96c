/**
 * Recognises Chromium's sandbox abort at Electron's start-up and says what to do about it. On
 * Ubuntu 23.10+ (24.04 included) AppArmor forbids unprivileged user namespaces
 * (`kernel.apparmor_restrict_unprivileged_userns = 1`); Chromium then falls back to the SUID
 * sandbox helper, finds node_modules/electron/dist/chrome-sandbox not owned by root with mode
 * 4755, prints "The SUID sandbox helper binary was found, but is not configured correctly" and
 * aborts with SIGTRAP — which alone tells a user nothing. Used by scripts/start.mjs.
 */
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

const SIGNS = [
  'The SUID sandbox helper binary was found, but is not configured correctly',
  'No usable sandbox!',
  'apparmor_restrict_unprivileged_userns',
];
const SYSCTL = '/proc/sys/kernel/apparmor_restrict_unprivileged_userns';

/** Watches a child's stderr for the abort's message (keeping only a short tail). */
export class SandboxAbortWatch {
  #tail = '';
  #seen = false;

  /** @param {Buffer | string} chunk */
  see(chunk) {
    if (this.#seen) return;
    this.#tail = (this.#tail + chunk.toString()).slice(-4096);
    this.#seen = SIGNS.some((sign) => this.#tail.includes(sign));
  }

  /** @param {NodeJS.Signals | null} signal how the child ended @returns {boolean} */
  aborted(signal) {
    return this.#seen || signal === 'SIGTRAP';
  }
}

/** @returns {string | undefined} the sysctl's value, when this kernel has it */
function restrictUserns() {
  try {
    return readFileSync(SYSCTL, 'utf8').trim();
  } catch {
    return undefined;
  }
}

/**
 * What to print after the abort.
 * @param {string} electronPath the Electron executable that aborted
 */
export function sandboxAbortRemedy(electronPath) {
  const value = restrictUserns();
  const profile = 'iam-dsn-electron';
  const sandboxHelper = join(dirname(electronPath), 'chrome-sandbox');
  return [
    '',
    'Electron stopped at start-up: Chromium could not start its sandbox (it aborts with SIGTRAP).',
    value === undefined
      ? 'This kernel has no AppArmor user-namespace switch; the SUID sandbox helper is not set up either.'
      : `Ubuntu 23.10+ AppArmor blocks the user namespaces the sandbox needs (${SYSCTL} = ${value}).`,
    '',
    'Allow them for this Electron only, with an AppArmor profile (as root):',
    '',
    `  sudo tee /etc/apparmor.d/${profile} <<'EOF'`,
    '  abi <abi/4.0>,',
    '  include <tunables/global>',
    `  profile ${profile} "${electronPath}" flags=(unconfined) {`,
    '    userns,',
    `    include if exists <local/${profile}>`,
    '  }',
    '  EOF',
    `  sudo apparmor_parser -r /etc/apparmor.d/${profile}`,
    '',
    'then run npm start again. Or set up the SUID helper instead:',
    `  sudo chown root:root "${sandboxHelper}" && sudo chmod 4755 "${sandboxHelper}"`,
    'Or, for every program until the next reboot: sudo sysctl -w kernel.apparmor_restrict_unprivileged_userns=0',
    'Do not use --no-sandbox: the app relies on the renderer sandbox. More: docs/troubleshooting.md',
    '',
  ].join('\n');
}
