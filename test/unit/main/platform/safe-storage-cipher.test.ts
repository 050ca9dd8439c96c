/**
 * The safeStorage adapter: Electron 45's asynchronous API only (the synchronous calls are
 * deprecated in 45 and gone in 46), and no pretending when the OS gives no real protection.
 */
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { SafeStorageCipher, type SafeStorageApi } from '../../../../electron/main/platform/safe-storage-cipher';

// The adapter's default is electron's safeStorage; stand in a fake that "encrypts" reversibly,
// with the deprecated synchronous calls present only to prove they are never used.
const electronSafeStorage = vi.hoisted(() => ({
  isAsyncEncryptionAvailable: vi.fn(async () => true),
  getSelectedStorageBackend: vi.fn(() => 'gnome_libsecret'),
  encryptStringAsync: vi.fn(async (plain: string) => Buffer.from(`enc:${plain}`)),
  decryptStringAsync: vi.fn(async (data: Buffer) => {
    const text = data.toString();
    if (!text.startsWith('enc:')) throw new Error('Error while decrypting the ciphertext provided to safeStorage.decryptStringAsync.');
    return { result: text.slice(4), shouldReEncrypt: false };
  }),
  isEncryptionAvailable: vi.fn(() => true),
  encryptString: vi.fn((plain: string) => Buffer.from(`enc:${plain}`)),
  decryptString: vi.fn((data: Buffer) => data.toString().slice(4)),
}));
vi.mock('electron', () => ({ safeStorage: electronSafeStorage }));

type Backend = ReturnType<SafeStorageApi['getSelectedStorageBackend']>;

beforeEach(() => {
  electronSafeStorage.isAsyncEncryptionAvailable.mockResolvedValue(true);
  electronSafeStorage.getSelectedStorageBackend.mockReturnValue('gnome_libsecret');
});

describe('SafeStorageCipher', () => {
  it('uses electron safeStorage by default and round-trips a secret through the async calls only', async () => {
    const cipher = new SafeStorageCipher(undefined, 'linux');
    expect(await cipher.isAvailable()).toBe(true);
    const sealed = await cipher.encrypt('pa55word');
    expect(sealed.toString()).not.toBe('pa55word');
    expect(await cipher.decrypt(sealed)).toBe('pa55word');
    expect(electronSafeStorage.encryptStringAsync).toHaveBeenCalledWith('pa55word');
    expect(electronSafeStorage.isEncryptionAvailable).not.toHaveBeenCalled();
    expect(electronSafeStorage.encryptString).not.toHaveBeenCalled();
    expect(electronSafeStorage.decryptString).not.toHaveBeenCalled();
  });

  it.each<[Backend, boolean]>([
    ['basic_text', false],
    ['unknown', false],
    ['gnome_libsecret', true],
    ['kwallet5', true],
    ['kwallet6', true],
  ])('on Linux with the %s backend, available is %s', async (backend, available) => {
    electronSafeStorage.getSelectedStorageBackend.mockReturnValue(backend);
    expect(await new SafeStorageCipher(undefined, 'linux').isAvailable()).toBe(available);
  });

  it('is unavailable when safeStorage has no async encryption, on every platform', async () => {
    electronSafeStorage.isAsyncEncryptionAvailable.mockResolvedValue(false);
    for (const platform of ['linux', 'darwin', 'win32'] as const) expect(await new SafeStorageCipher(undefined, platform).isAvailable()).toBe(false);
  });

  it('does not ask for a Linux backend on macOS or Windows', async () => {
    electronSafeStorage.getSelectedStorageBackend.mockImplementation(() => {
      throw new Error('not on this platform');
    });
    expect(await new SafeStorageCipher(undefined, 'darwin').isAvailable()).toBe(true);
    expect(await new SafeStorageCipher(undefined, 'win32').isAvailable()).toBe(true);
  });

  it('refuses to encrypt with basic_text rather than write a weakly protected secret', async () => {
    electronSafeStorage.getSelectedStorageBackend.mockReturnValue('basic_text');
    electronSafeStorage.encryptStringAsync.mockClear();
    await expect(new SafeStorageCipher(undefined, 'linux').encrypt('pa55word')).rejects.toThrow(/not available/);
    expect(electronSafeStorage.encryptStringAsync).not.toHaveBeenCalled();
  });

  it('rejects on foreign data', async () => {
    await expect(new SafeStorageCipher(undefined, 'linux').decrypt(Buffer.from('garbage'))).rejects.toThrow();
  });

  it('accepts an injected safeStorage', async () => {
    const fake: SafeStorageApi = {
      isAsyncEncryptionAvailable: async () => true,
      getSelectedStorageBackend: () => 'basic_text',
      encryptStringAsync: async (plain) => Buffer.from(plain),
      decryptStringAsync: async (data) => ({ result: data.toString(), shouldReEncrypt: false }),
    };
    expect(await new SafeStorageCipher(fake, 'linux').isAvailable()).toBe(false);
    expect(await new SafeStorageCipher(fake, 'darwin').isAvailable()).toBe(true);
  });
});
