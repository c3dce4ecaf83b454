import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { emergencyKitHtml, emergencyKitText, type EmergencyKitInput } from './emergency-kit.js';
import { formatSecretKey, newSecretKey, parseSecretKey } from './secret-key.js';

const SECRET_ACCESS_KEY = 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY';
const ACCESS_KEY_ID = 'AKIAIOSFODNN7EXAMPLE';

function input(): EmergencyKitInput {
  return {
    secretKey: newSecretKey(),
    vaultId: randomUUID(),
    remote: {
      kind: 'r2',
      endpoint: 'https://0123456789abcdef0123456789abcdef.r2.cloudflarestorage.com',
      bucket: 'my-vault',
    },
    createdAt: new Date('2026-11-30T12:00:00Z'),
  };
}

/** What a caller might pass by mistake from untyped code: the whole remote config, credentials and all. */
function withCredentials(kit: EmergencyKitInput): EmergencyKitInput {
  const remote = {
    ...kit.remote,
    endpoint: `https://user:${encodeURIComponent(SECRET_ACCESS_KEY)}@example.com/s3?token=${SECRET_ACCESS_KEY}`,
    accessKeyId: ACCESS_KEY_ID,
    secretAccessKey: SECRET_ACCESS_KEY,
  };
  return { ...kit, remote } as unknown as EmergencyKitInput;
}

describe('emergency kit', () => {
  it('text: a line "Secret Key: …" that parses back to the key, the bucket, and the passphrase warning', () => {
    const kit = input();
    const text = emergencyKitText(kit);
    const line = text.split('\n').find((l) => l.startsWith('Secret Key: '));
    expect(line).toBe(`Secret Key: ${formatSecretKey(kit.secretKey)}`);
    expect(parseSecretKey(line?.slice('Secret Key: '.length) ?? '').equals(kit.secretKey)).toBe(true);
    expect(text).toContain(kit.vaultId);
    expect(text).toContain('Bucket: my-vault');
    expect(text).toContain('Cloudflare R2');
    expect(text).toContain('0123456789abcdef0123456789abcdef.r2.cloudflarestorage.com');
    expect(text).toMatch(/passphrase is NOT on this kit/i);
    expect(text).toMatch(/safe/);
  });

  it('page: self-contained (no script, nothing fetched), the same Secret Key line and facts', () => {
    const kit = input();
    const html = emergencyKitHtml(kit);
    expect(html).toContain(`Secret Key: ${formatSecretKey(kit.secretKey)}`);
    expect(html).toContain(kit.vaultId);
    expect(html).toContain('my-vault');
    expect(html).toMatch(/passphrase is NOT on this kit/i);
    expect(html).not.toMatch(/<script|\bsrc=|\bhref=|url\(|@import|<link|<img|<iframe|javascript:/i);
    expect(html).toContain(`default-src 'none'`);
  });

  it('never shows bucket credentials passed by mistake, nor the userinfo or query of an endpoint', () => {
    const kit = withCredentials(input());
    for (const out of [emergencyKitText(kit), emergencyKitHtml(kit)]) {
      expect(out).not.toContain(SECRET_ACCESS_KEY);
      expect(out).not.toContain(encodeURIComponent(SECRET_ACCESS_KEY));
      expect(out).not.toContain(ACCESS_KEY_ID);
      expect(out).not.toContain('user:');
      expect(out).toContain('https://example.com/s3');
    }
  });

  it('does not accept a secret access key in its input type', () => {
    const kit = input();
    // @ts-expect-error the kit's remote has no place for a secret access key
    const typed: EmergencyKitInput['remote'] = { ...kit.remote, secretAccessKey: SECRET_ACCESS_KEY };
    expect(emergencyKitText({ ...kit, remote: typed })).not.toContain(SECRET_ACCESS_KEY);
  });

  it('escapes what it prints into the page', () => {
    const kit = input();
    const html = emergencyKitHtml({ ...kit, remote: { ...kit.remote, kind: 's3', bucket: '<b>"x"</b>' } });
    expect(html).toContain('&lt;b&gt;&quot;x&quot;&lt;/b&gt;');
    expect(html).not.toContain('<b>"x"</b>');
    expect(html).toContain('S3-compatible storage');
  });
});
