import { beforeEach, describe, expect, it, vi } from 'vitest';
import { SafeStorageCipher, type SafeStorageApi } from '../../../../electron/main/platform/safe-storage-cipher';

// The adapter's default is electron's safeStorage; stand in a fake that "encrypts" reversibly.
const electronSafeStorage = vi.hoisted(() => ({
  isEncryptionAvailable: vi.fn(() => true),
  getSelectedStorageBackend: vi.fn(() => 'gnome_libsecret'),
  encryptString: vi.fn((plain: string) => Buffer.from(`enc:${plain}`)),
  decryptString: vi.fn((data: Buffer) => {
    const text = data.toString();
    if (!text.startsWith('enc:')) throw new Error('Error while decrypting the ciphertext provided to safeStorage.decryptString.');
    return text.slice(4);
  }),
}));
vi.mock('electron', () => ({ safeStorage: electronSafeStorage }));

type Backend = ReturnType<SafeStorageApi['getSelectedStorageBackend']>;

beforeEach(() => {
  electronSafeStorage.isEncryptionAvailable.mockReturnValue(true);
  electronSafeStorage.getSelectedStorageBackend.mockReturnValue('gnome_libsecret');
});

describe('SafeStorageCipher', () => {
  it('uses electron safeStorage by default and round-trips a secret', () => {
    const cipher = new SafeStorageCipher(undefined, 'linux');
    expect(cipher.isAvailable()).toBe(true);
    const sealed = cipher.encrypt('pa55word');
    expect(sealed.toString()).not.toBe('pa55word');
    expect(cipher.decrypt(sealed)).toBe('pa55word');
    expect(electronSafeStorage.encryptString).toHaveBeenCalledWith('pa55word');
  });

  it.each<[Backend, boolean]>([
    ['basic_text', false],
    ['unknown', false],
    ['gnome_libsecret', true],
    ['kwallet5', true],
    ['kwallet6', true],
  ])('on Linux with the %s backend, available is %s', (backend, available) => {
    electronSafeStorage.getSelectedStorageBackend.mockReturnValue(backend);
    expect(new SafeStorageCipher(undefined, 'linux').isAvailable()).toBe(available);
  });

  it('is unavailable when safeStorage has no encryption, on every platform', () => {
    electronSafeStorage.isEncryptionAvailable.mockReturnValue(false);
    for (const platform of ['linux', 'darwin', 'win32'] as const) expect(new SafeStorageCipher(undefined, platform).isAvailable()).toBe(false);
  });

  it('does not ask for a Linux backend on macOS or Windows', () => {
    electronSafeStorage.getSelectedStorageBackend.mockImplementation(() => {
      throw new Error('not on this platform');
    });
    expect(new SafeStorageCipher(undefined, 'darwin').isAvailable()).toBe(true);
    expect(new SafeStorageCipher(undefined, 'win32').isAvailable()).toBe(true);
  });

  it('refuses to encrypt with basic_text rather than write a weakly protected secret', () => {
    electronSafeStorage.getSelectedStorageBackend.mockReturnValue('basic_text');
    electronSafeStorage.encryptString.mockClear();
    expect(() => new SafeStorageCipher(undefined, 'linux').encrypt('pa55word')).toThrow(/not available/);
    expect(electronSafeStorage.encryptString).not.toHaveBeenCalled();
  });

  it('throws on foreign data', () => {
    expect(() => new SafeStorageCipher(undefined, 'linux').decrypt(Buffer.from('garbage'))).toThrow();
  });

  it('accepts an injected safeStorage', () => {
    const fake: SafeStorageApi = {
      isEncryptionAvailable: () => true,
      getSelectedStorageBackend: () => 'basic_text',
      encryptString: (plain) => Buffer.from(plain),
      decryptString: (data) => data.toString(),
    };
    expect(new SafeStorageCipher(fake, 'linux').isAvailable()).toBe(false);
    expect(new SafeStorageCipher(fake, 'darwin').isAvailable()).toBe(true);
  });
});
