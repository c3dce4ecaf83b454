import { describe, expect, it } from 'vitest';
import { open, randomKey, seal } from './aead.js';
import { Keyring } from './keyring.js';
import { openKeyring, sealKeyring, type KeyFile } from '../vault/keys/key-file.js';

const vaultId = '00000000-0000-4000-8000-000000000000';
const file = { vaultId, keyring: '' } as KeyFile;

describe('keyring serialisation', () => {
  it('seals the keys as bytes, never as text (base64 or hex strings cannot be zeroed)', () => {
    const keyring = Keyring.create();
    keyring.addVersion();
    const root = randomKey();
    const sealed = sealKeyring(file, root, keyring);
    const plain = open(root, Buffer.from(sealed.keyring, 'base64'), `keyring:${vaultId}`);
    // The test alone turns the keys into text, to look for them.
    const json = keyring.toJson();
    for (const key of [...Object.values(json.dataKeys), json.dbSeed]) {
      const raw = Buffer.from(key, 'base64');
      expect(plain.includes(raw)).toBe(true);
      expect(plain.includes(Buffer.from(key))).toBe(false);
      expect(plain.includes(Buffer.from(raw.toString('hex')))).toBe(false);
    }
    const back = openKeyring(sealed, root);
    expect(back.versions).toEqual([1, 2]);
    expect(back.current).toBe(2);
    const { version, sealed: record } = keyring.wrap(Buffer.from('document key'), 'aad');
    expect(back.unwrap(version, record, 'aad').toString()).toBe('document key');
    expect(back.deriveSubkey('sqlcipher', vaultId).equals(keyring.deriveSubkey('sqlcipher', vaultId))).toBe(true);
  });

  it('still opens a keyring sealed as JSON by earlier versions', () => {
    const keyring = Keyring.create();
    const root = randomKey();
    const legacy = {
      ...file,
      keyring: seal(root, Buffer.from(JSON.stringify(keyring.toJson())), `keyring:${vaultId}`).toString('base64'),
    };
    const back = openKeyring(legacy, root);
    expect(back.deriveSubkey('audit-mac', vaultId).equals(keyring.deriveSubkey('audit-mac', vaultId))).toBe(true);
  });

  it('refuses a truncated or foreign keyring', () => {
    const bytes = Keyring.create().toBytes();
    expect(() => Keyring.fromBytes(bytes.subarray(0, bytes.length - 1))).toThrow(/wrong length/);
    expect(() => Keyring.fromBytes(Buffer.from('LLKX\x02'))).toThrow(/unknown keyring format/);
  });
});
