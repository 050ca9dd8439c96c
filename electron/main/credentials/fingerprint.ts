/**
 * Keyed fingerprints of secrets, for the keys of in-memory caches and shared attempts (resolved
 * credentials, signed tokens, identical concurrent tests): HMAC-SHA-256 under a random key made
 * per instance that never leaves memory, so a fingerprint reveals nothing about a secret — not
 * even to a dictionary attack on a memory dump, as a bare SHA-256 of a password would.
 */
import { createHmac, randomBytes } from 'node:crypto';

export class SecretFingerprint {
  private readonly key = randomBytes(32);

  /** The fingerprint of `parts`, each length-prefixed so that no two different lists give the same input. */
  of(parts: ReadonlyArray<string | undefined>): string {
    const hmac = createHmac('sha256', this.key);
    for (const part of parts) {
      const bytes = part === undefined ? undefined : Buffer.from(part, 'utf8');
      hmac.update(bytes === undefined ? '\0-' : `\0${bytes.length}:`);
      if (bytes !== undefined) hmac.update(bytes);
    }
    return hmac.digest('base64url');
  }
}
