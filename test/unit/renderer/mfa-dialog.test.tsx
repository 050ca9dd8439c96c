// @vitest-environment jsdom
import { act, screen, waitFor, within } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { MfaRequest } from '../../../shared/ipc-contract';
import { err, ok } from '../../../shared/result';
import { formatCountdown, normalizeCode } from '../../../renderer/src/features/mfa/MfaDialog';
import { FakeApi } from './support/fake-api';
import { renderApp } from './support/render-app';

const SERIAL = 'arn:aws:iam::123456789012:mfa/alice';

function request(overrides: Partial<MfaRequest> = {}): MfaRequest {
  return {
    requestId: 'mfa-1',
    mfaSerial: SERIAL,
    purpose: 'DSN “Orders reader” (role arn:aws:iam::123456789012:role/db)',
    expiresAt: new Date(Date.now() + 120_000).toISOString(),
    ...overrides,
  };
}

function setup(api = new FakeApi()) {
  const view = renderApp(api, { advanceTimers: (ms) => vi.advanceTimersByTime(ms) });
  const emit = (r: MfaRequest) => act(() => api.emit('mfaRequest', r));
  return { ...view, emit };
}

const dialog = () => screen.getByRole('dialog', { name: 'MFA code needed' });
const timer = () => within(dialog()).getByRole('timer');

beforeEach(() => {
  vi.useFakeTimers({ shouldAdvanceTime: true });
});

afterEach(() => {
  vi.useRealTimers();
});

describe('MFA dialog', () => {
  it('subscribes once at app level and unsubscribes on unmount', async () => {
    const api = new FakeApi();
    const { unmount } = setup(api);
    await waitFor(() => expect(api.listenerCount('mfaRequest')).toBe(1));
    expect(api.on).toHaveBeenCalledWith('mfaRequest', expect.any(Function));
    unmount();
    expect(api.listenerCount('mfaRequest')).toBe(0);
  });

  it('asks for the code with the device, purpose and a countdown, and answers with it', async () => {
    const { user, api, emit } = setup();
    await screen.findByRole('heading', { name: 'New DSN' });
    emit(request());

    const box = dialog();
    // A native modal <dialog>: the platform makes the rest of the window inert (E2E checks Tab in Chromium).
    expect(box.tagName).toBe('DIALOG');
    expect(box).toHaveAttribute('open');
    expect(box).toHaveAccessibleDescription(/DSN “Orders reader” \(role arn:aws:iam::123456789012:role\/db\) needs a one-time code/);
    expect(box).toHaveAccessibleDescription(new RegExp(`Device: ${SERIAL}`));
    const input = within(box).getByLabelText('MFA code');
    expect(input).toHaveFocus();
    expect(input).toHaveAttribute('autocomplete', 'one-time-code');
    expect(input).toHaveAttribute('inputmode', 'numeric');
    // The rest of the window is hidden from assistive tech while it is open.
    expect(screen.queryByRole('button', { name: 'New DSN' })).not.toBeInTheDocument();

    expect(timer()).toHaveTextContent('2:00');
    act(() => vi.advanceTimersByTime(1_000));
    expect(timer()).toHaveTextContent('1:59');
    act(() => vi.advanceTimersByTime(60_000));
    expect(timer()).toHaveTextContent('0:59');

    await user.type(input, '123456');
    await user.click(within(box).getByRole('button', { name: 'Submit' }));
    expect(api.answerMfa).toHaveBeenCalledTimes(1);
    expect(api.answerMfa).toHaveBeenCalledWith('mfa-1', '123456');
    // The dialog waits while AWS checks the code, then main's verdict closes it.
    expect(await within(box).findByTestId('mfa-checking')).toHaveTextContent('Checking the code with AWS');
    expect(input).toBeDisabled();
    act(() => api.emit('mfaResult', { requestId: 'mfa-1', accepted: true }));
    expect(screen.queryByRole('dialog')).not.toBeInTheDocument();
    expect(input).toHaveValue('');
    expect(document.body.innerHTML).not.toContain('123456');
    expect(screen.getByRole('button', { name: 'New DSN' })).toBeInTheDocument();
  });

  it('a code AWS rejects keeps the dialog open: "rejected… enter the next one", and the next code goes to the same request', async () => {
    const { user, api, emit } = setup();
    emit(request());
    const box = dialog();
    await user.type(within(box).getByLabelText('MFA code'), '111111{Enter}');
    await within(box).findByTestId('mfa-checking');
    emit(request({ previousCodeRejected: true }));
    expect(dialog()).toBe(box);
    expect(within(box).getByRole('alert')).toHaveTextContent('AWS rejected that code');
    expect(within(box).getByRole('alert')).toHaveTextContent('enter the next one');
    const input = within(box).getByLabelText('MFA code');
    expect(input).toBeEnabled();
    await waitFor(() => expect(input).toHaveFocus());
    await user.type(input, '222222{Enter}');
    expect(api.answerMfa).toHaveBeenLastCalledWith('mfa-1', '222222');
    act(() => api.emit('mfaResult', { requestId: 'mfa-1', accepted: true }));
    expect(screen.queryByRole('dialog')).not.toBeInTheDocument();
  });

  it('submits with Enter and refuses a code that is not 6 digits', async () => {
    const { user, api, emit } = setup();
    emit(request());
    const input = within(dialog()).getByLabelText('MFA code');
    await user.type(input, '12a4{Enter}');
    expect(within(dialog()).getByRole('alert')).toHaveTextContent('Enter the 6 digits your MFA device shows');
    expect(input).toHaveAttribute('aria-invalid', 'true');
    expect(input).toHaveAccessibleDescription(/Enter the 6 digits/);
    expect(api.answerMfa).not.toHaveBeenCalled();

    await user.clear(input);
    await user.type(input, '654321{Enter}');
    expect(api.answerMfa).toHaveBeenCalledWith('mfa-1', '654321');
  });

  it('Escape cancels with answerMfa(id, null); so does Cancel', async () => {
    const { user, api, emit } = setup();
    emit(request());
    await user.type(within(dialog()).getByLabelText('MFA code'), '12');
    await user.keyboard('{Escape}');
    expect(api.answerMfa).toHaveBeenCalledWith('mfa-1', null);
    expect(screen.queryByRole('dialog')).not.toBeInTheDocument();

    emit(request({ requestId: 'mfa-2' }));
    await user.click(within(dialog()).getByRole('button', { name: 'Cancel' }));
    expect(api.answerMfa).toHaveBeenLastCalledWith('mfa-2', null);
    expect(screen.queryByRole('dialog')).not.toBeInTheDocument();
  });

  it('opens with showModal: everything outside is inert', () => {
    const { emit } = setup();
    emit(request());
    const box = dialog();
    expect(within(box).getByLabelText('MFA code')).toHaveFocus();
    const outside = screen.getByRole('button', { name: 'New DSN', hidden: true });
    expect(outside.closest('[inert]')).not.toBeNull();
  });

  it('closes itself when main stops waiting, without answering, and says so', async () => {
    const { api, emit } = setup();
    emit(request({ expiresAt: new Date(Date.now() + 5_000).toISOString() }));
    expect(timer()).toHaveTextContent('0:05');
    act(() => vi.advanceTimersByTime(4_000));
    expect(dialog()).toBeInTheDocument();
    act(() => vi.advanceTimersByTime(1_100));
    expect(screen.queryByRole('dialog')).not.toBeInTheDocument();
    expect(api.answerMfa).not.toHaveBeenCalled();
    expect(screen.getByText(/The MFA request for DSN “Orders reader”.* expired without a code/)).toBeInTheDocument();
  });

  it('shows queued requests one at a time, and ignores a repeated one', async () => {
    const { user, api, emit } = setup();
    emit(request({ requestId: 'a', purpose: 'first' }));
    emit(request({ requestId: 'b', purpose: 'second' }));
    emit(request({ requestId: 'a', purpose: 'first' }));
    expect(screen.getAllByRole('dialog')).toHaveLength(1);
    expect(dialog()).toHaveAccessibleDescription(/^first/);
    await user.type(within(dialog()).getByLabelText('MFA code'), '111111{Enter}');
    act(() => api.emit('mfaResult', { requestId: 'a', accepted: true }));
    expect(dialog()).toHaveAccessibleDescription(/^second/);
    expect(within(dialog()).getByLabelText('MFA code')).toHaveValue('');
    await user.keyboard('{Escape}');
    expect(api.answerMfa.mock.calls).toEqual([
      ['a', '111111'],
      ['b', null],
    ]);
    expect(screen.queryByRole('dialog')).not.toBeInTheDocument();
  });

  it('says when main no longer wanted the code', async () => {
    const api = new FakeApi();
    api.answerMfa.mockResolvedValueOnce(ok({ accepted: false }));
    const { user, emit } = setup(api);
    emit(request());
    await user.type(within(dialog()).getByLabelText('MFA code'), '123456{Enter}');
    expect(await screen.findByText(/The MFA request had already ended/)).toBeInTheDocument();
  });
});

describe('MFA dialog and main', () => {
  it('sends the code as digits, and asks again when main refuses it as malformed', async () => {
    const api = new FakeApi();
    api.answerMfa.mockResolvedValueOnce(err('VALIDATION', 'An MFA code is 6 digits.'));
    const { user, emit } = setup(api);
    emit(request());
    await user.type(within(dialog()).getByLabelText('MFA code'), '123 456{Enter}');
    expect(api.answerMfa).toHaveBeenCalledWith('mfa-1', '123456');
    expect(await within(await screen.findByRole('dialog')).findByRole('alert')).toHaveTextContent('An MFA code is 6 digits.');
    await user.type(within(dialog()).getByLabelText('MFA code'), '123-457{Enter}');
    expect(api.answerMfa).toHaveBeenLastCalledWith('mfa-1', '123457');
    act(() => api.emit('mfaResult', { requestId: 'mfa-1', accepted: true }));
    await waitFor(() => expect(screen.queryByRole('dialog')).not.toBeInTheDocument());
  });
});

describe('normalizeCode', () => {
  it.each([
    ['123456', '123456'],
    [' 123 456 ', '123456'],
    ['123-456', '123456'],
    ['12345', undefined],
    ['1234567', undefined],
    ['12a456', undefined],
  ])('%j → %j', (text, code) => {
    expect(normalizeCode(text)).toBe(code);
  });
});

describe('formatCountdown', () => {
  it.each([
    [0, '0:00'],
    [5, '0:05'],
    [65, '1:05'],
    [600, '10:00'],
    [-3, '0:00'],
  ])('%i s → %s', (seconds, text) => {
    expect(formatCountdown(seconds)).toBe(text);
  });
});
