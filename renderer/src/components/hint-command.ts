/** Finds the shell command a hint tells the user to run, e.g. `aws sso login --profile dev`. */

const QUOTED = /`([^`\n]+)`/g;
const SSO_LOGIN = /\baws\s+sso\s+login(?:\s+--[a-z][a-z-]*(?:[ =][^\s`'";,]+)?)*/;

/** The `aws sso login …` command of an SSO_LOGIN_REQUIRED hint (back-quoted or bare); undefined when none. */
export function ssoLoginCommand(hint: string | undefined): string | undefined {
  if (hint === undefined) return undefined;
  const quoted = Array.from(hint.matchAll(QUOTED), (m) => (m[1] ?? '').trim());
  const command = quoted.find((c) => SSO_LOGIN.test(c)) ?? hint.match(SSO_LOGIN)?.[0];
  // A sentence's full stop is not part of the command.
  return command?.replace(/\.$/, '');
}
