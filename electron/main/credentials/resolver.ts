/**
 * Resolves the credentials of a DSN through the credential chain, with the request's secrets and
 * MFA prompt. Temporary credentials are kept in memory until shortly before they expire, so an
 * MFA-protected role asks for a code once per session rather than once per test; concurrent
 * resolutions of the same identity share one STS call (and one MFA prompt).
 */
import { err, ok, type Result } from '../../../shared/result';
import type { Clock } from '../platform/clock';
import { credentialError, isRejectedMfaCode, missingCredentials } from './errors';
import { type AwsCredentials, type CredentialChain, type CredentialProviderFactory, type CredentialTarget, type MfaCodeProvider, type StaticSecrets } from './types';
import { describeCredentials } from './describe';
import { SecretFingerprint } from './fingerprint';
import { createCredentialChain } from './provider-chain';
import { type MfaPrompt, MfaNotAnsweredError } from './mfa-broker';
import { environmentSecrets } from '../files/redact';

/** How many MFA codes one resolution asks for when AWS rejects them (the first and two more). */
export const MFA_CODE_ATTEMPTS = 3;

/** The chain answered keys without an id or secret. */
const NO_KEYS = Symbol('no keys');

/** Cached credentials are refreshed this long before they expire (like the SDK's own window). */
export const CREDENTIALS_REFRESH_WINDOW_MS = 5 * 60 * 1000;

/** What a resolution yields. `credentials` is secret: main process only. */
export interface ResolvedCredentials {
  credentials: AwsCredentials;
  /** The source in words, e.g. "profile app → role arn:…". */
  describe: string;
  /** Source, static key id and role, without any secret: part of the token cache key. */
  identityKey: string;
}

/** What one resolution needs besides the target. */
export interface ResolveOptions {
  secrets?: StaticSecrets | undefined;
  /** Shown in the MFA dialog. */
  purpose: string;
  signal?: AbortSignal | undefined;
}

export interface CredentialResolverDeps {
  clock: Clock;
  /** Defaults to {@link createCredentialChain}. */
  factory?: CredentialProviderFactory;
  /** Asks for MFA codes; without it, credentials that need MFA fail with MFA_REQUIRED. */
  mfa?: MfaPrompt | undefined;
  /** The environment the SDK's chain reads: its AWS secrets are removed from every error text. */
  env?: Readonly<Record<string, string | undefined>> | undefined;
}

interface CacheEntry {
  credentials: AwsCredentials;
  describe: string;
  expiresAt: number;
}

/** The identity of a target without secrets: source, typed key id, role and where STS is. */
export function identityKeyOf(target: CredentialTarget): string {
  const role = target.assumeRole;
  return JSON.stringify([
    target.credentialSource,
    role === undefined ? null : [role.roleArn, role.sessionName, role.externalId, role.durationSeconds, role.mfaSerial],
    target.stsEndpoint ?? '',
    role === undefined ? '' : target.region,
  ]);
}


/** Resolves and caches credentials; one instance per signer. */
export class CredentialResolver {
  private readonly cache = new Map<string, CacheEntry>();
  private readonly inFlight = new Map<string, Promise<Result<ResolvedCredentials>>>();
  private readonly factory: CredentialProviderFactory;
  private readonly fingerprint = new SecretFingerprint();

  constructor(private readonly deps: CredentialResolverDeps) {
    this.factory = deps.factory ?? createCredentialChain;
  }

  /** Credentials for `target`, from the cache while they are fresh. Never throws. */
  resolve(target: CredentialTarget, options: ResolveOptions): Promise<Result<ResolvedCredentials>> {
    const identityKey = identityKeyOf(target);
    // The identity plus a keyed fingerprint of the static secrets: a new secret is a new entry.
    const key = `${identityKey}|${this.fingerprint.of([options.secrets?.secretAccessKey, options.secrets?.sessionToken])}`;
    const cached = this.cache.get(key);
    if (cached !== undefined) {
      if (this.deps.clock.now() < cached.expiresAt - CREDENTIALS_REFRESH_WINDOW_MS) {
        return Promise.resolve(ok({ credentials: cached.credentials, describe: cached.describe, identityKey }));
      }
      this.cache.delete(key);
    }
    const running = this.inFlight.get(key);
    if (running !== undefined) return running;
    const work = this.run(target, options, key, identityKey).finally(() => this.inFlight.delete(key));
    this.inFlight.set(key, work);
    return work;
  }

  /** Forgets every cached credential (e.g. after `aws sso login`, or on request). */
  clear(): void {
    this.cache.clear();
  }

  private async run(target: CredentialTarget, options: ResolveOptions, key: string, identityKey: string): Promise<Result<ResolvedCredentials>> {
    // Every secret this run knows, whatever its length: a credential_process may print any of them.
    const secretList = [options.secrets?.secretAccessKey, options.secrets?.sessionToken, ...environmentSecrets(this.deps.env ?? {})];
    const asked = new Set<string>();
    let attempt = 1;
    for (;;) {
      const rejected = attempt > 1;
      const outcome = await this.attempt(target, options, (mfaSerial) => {
        asked.add(mfaSerial);
        return this.deps.mfa === undefined
          ? Promise.reject(new MfaNotAnsweredError('unavailable', mfaSerial))
          : this.deps.mfa.ask({ mfaSerial, purpose: options.purpose, signal: options.signal, previousCodeRejected: rejected });
      });
      // A wrong (or already used) MFA code: ask for the next one in the same dialog, a few times.
      if (!outcome.ok && asked.size > 0 && isRejectedMfaCode(outcome.thrown) && attempt < MFA_CODE_ATTEMPTS && options.signal?.aborted !== true) {
        attempt++;
        continue;
      }
      for (const serial of asked) this.deps.mfa?.reportOutcome?.(serial, outcome.ok);
      if (!outcome.ok) return { ok: false, error: outcome.thrown === NO_KEYS ? missingCredentials(target.credentialSource) : credentialError(outcome.thrown, target, secretList) };
      const { credentials, describe } = outcome;
      const expiresAt = credentials.expiration?.getTime();
      if (expiresAt !== undefined && !Number.isNaN(expiresAt)) this.cache.set(key, { credentials, describe, expiresAt });
      return ok({ credentials, describe, identityKey });
    }
  }

  /** One pass through the chain: the credentials, or what was thrown. */
  private async attempt(target: CredentialTarget, options: ResolveOptions, mfa: MfaCodeProvider): Promise<{ ok: true; credentials: AwsCredentials; describe: string } | { ok: false; thrown: unknown }> {
    try {
      const made = this.factory(target, options.secrets ?? {}, mfa);
      const chain: CredentialChain = typeof made === 'function' ? { provider: made, describe: describeCredentials(target) } : made;
      const credentials = await chain.provider();
      if (!credentials.accessKeyId || !credentials.secretAccessKey) return { ok: false, thrown: NO_KEYS };
      return { ok: true, credentials, describe: chain.describe };
    } catch (error) {
      return { ok: false, thrown: error };
    }
  }
}

/** A Result for credentials that expired at `at` (the SDK handed out stale ones). */
export function expiredCredentials(describe: string, at: number, target: CredentialTarget): Result<never> {
  const source = target.credentialSource;
  return err('CREDENTIALS_EXPIRED', `The AWS credentials from ${describe} expired at ${new Date(at).toISOString()}.`, {
    hint:
      source.kind === 'profile'
        ? `Refresh them (e.g. \`aws sso login --profile ${source.profile}\`), then test again.`
        : source.kind === 'static'
          ? 'Enter new temporary keys (and session token), then test again.'
          : 'Refresh them (e.g. `aws sso login` or new temporary keys), then test again.',
  });
}
