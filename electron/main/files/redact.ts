/** Last-line defences that keep secrets out of text shown to the user or logged. */

/** The AWS secrets an environment holds (the SDK's default chain reads them): known secrets of every run in it. */
export function environmentSecrets(env: Readonly<Record<string, string | undefined>>): Array<string | undefined> {
  return [env.AWS_SECRET_ACCESS_KEY, env.AWS_SESSION_TOKEN, env.AWS_SECURITY_TOKEN];
}

/** Replaces every occurrence of each secret in `text` with `[redacted]`. */
export function redactSecrets(text: string, secrets: ReadonlyArray<string | undefined>): string {
  let out = text;
  for (const secret of secrets) {
    // Short strings would redact ordinary words; real secrets are longer.
    if (secret === undefined || secret.length < 4) continue;
    out = out.split(secret).join('[redacted]');
    const encoded = encodeURIComponent(secret);
    if (encoded !== secret) out = out.split(encoded).join('[redacted]');
  }
  return out;
}

/**
 * Masks long opaque runs (AWS secret keys are 40 base64 characters, session tokens and SigV4
 * signatures longer) in text whose origin we do not control, such as SDK error messages.
 */
export function redactOpaqueRuns(text: string): string {
  return text.replace(/[A-Za-z0-9/+=%_-]{32,}/g, '[redacted]');
}

/** A deep copy of `value` with every secret removed from its strings (the last line of defence before an answer leaves main). */
export function redactDeep<T>(value: T, secrets: ReadonlyArray<string | undefined>): T {
  if (typeof value === 'string') return redactSecrets(value, secrets) as T;
  if (Array.isArray(value)) return value.map((v: unknown) => redactDeep(v, secrets)) as T;
  if (typeof value === 'object' && value !== null) {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, redactDeep(v, secrets)])) as T;
  }
  return value;
}
