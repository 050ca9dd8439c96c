/** The phase book and the final report: order, notes, new facts, and secrets scrubbed everywhere. */
import { buildReport, PhaseBook } from '../../../../electron/main/connection-test/report';

const SECRET = 'mydb:5432/?X-Amz-Signature=CANARY0123456789';

describe('PhaseBook', () => {
  it('lists every phase in order, unrecorded ones skipped, and adds notes', () => {
    const book = new PhaseBook();
    book.set('auth', 'failed', 12.6, 'first');
    book.note('auth', 'second');
    book.note('query', 'never ran');
    book.set('sign', 'ok', -3);
    expect(book.list()).toEqual([
      { name: 'sign', status: 'ok', durationMs: 0, note: undefined },
      { name: 'tcp', status: 'skipped', durationMs: 0 },
      { name: 'tls', status: 'skipped', durationMs: 0 },
      { name: 'auth', status: 'failed', durationMs: 13, note: 'first; second' },
      { name: 'query', status: 'skipped', durationMs: 0, note: 'never ran' },
    ]);
    expect(book.get('auth')?.durationMs).toBe(13);
    expect(book.get('tcp')).toBeUndefined();
  });

  it('records spans: the failed phase, the others ok or skipped, with their notes', () => {
    const book = new PhaseBook();
    book.fromSpans({ tcp: { start: 0, end: 5 }, tls: { start: 5, end: 20 }, auth: { start: 20 } }, 'auth', { tcp: 'to x', auth: 'retried' });
    expect(book.list().map((p) => [p.name, p.status, p.durationMs, p.note])).toEqual([
      ['sign', 'skipped', 0, undefined],
      ['tcp', 'ok', 5, 'to x'],
      ['tls', 'ok', 15, undefined],
      ['auth', 'failed', 0, 'retried'],
      ['query', 'skipped', 0, undefined],
    ]);
  });
});

describe('buildReport', () => {
  it('carries identity, token expiry and the retry flag; success without error', () => {
    const report = buildReport({
      phases: new PhaseBook(),
      startedAt: Date.UTC(2030, 0, 1),
      totalMs: 41.4,
      token: { signedFor: 'h:5432', region: 'us-east-1', reuseUntil: 'r', expiresAt: 'e', fromCache: false },
      identity: { source: 'profile app', accessKeyIdMasked: 'AKIA…WXYZ', callerArn: 'arn:aws:iam::1:user/me' },
      retriedWithFreshToken: true,
      secrets: [],
    });
    expect(report).toMatchObject({ outcome: 'success', totalMs: 41, startedAt: '2030-01-01T00:00:00.000Z', retriedWithFreshToken: true, identity: { callerArn: 'arn:aws:iam::1:user/me' }, token: { expiresAt: 'e' } });
    expect(report.error).toBeUndefined();
  });

  it('scrubs every secret from notes, message, hint and detail (also URL-encoded)', () => {
    const book = new PhaseBook();
    book.set('auth', 'failed', 1, `sent ${SECRET}`);
    const report = buildReport({
      phases: book,
      startedAt: 0,
      totalMs: 1,
      error: { code: 'PAM_AUTH_FAILED', message: `m ${SECRET}`, hint: `h ${encodeURIComponent(SECRET)}`, detail: `d ${SECRET}` },
      secrets: [SECRET, undefined, 'ab'],
    });
    const text = JSON.stringify(report);
    expect(text).not.toContain('CANARY');
    expect(report.error).toMatchObject({ message: 'm [redacted]', hint: 'h [redacted]', detail: 'd [redacted]' });
    expect(report.outcome).toBe('failure');
  });
});
