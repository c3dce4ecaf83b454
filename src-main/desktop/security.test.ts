import { describe, expect, it } from 'vitest';
import { APP_CSP, DOCUMENT_HEADERS, isSafeExternalUrl, isTrustedSender, windowOptions } from './security.js';
import { ViewTokens } from './view-tokens.js';

describe('window options', () => {
  it('sandboxes the renderer', () => {
    const prefs = windowOptions('/app/preload.js').webPreferences;
    expect(prefs).toMatchObject({
      sandbox: true,
      contextIsolation: true,
      nodeIntegration: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      nodeIntegrationInSubFrames: false,
      experimentalFeatures: false,
    });
  });
});

describe('content security policy', () => {
  const directives = Object.fromEntries(APP_CSP.split('; ').map((d) => [d.split(' ')[0], d.split(' ').slice(1)]));
  it("allows only the app's own scripts, nothing inline or evaluated", () => {
    expect(directives['script-src']).toEqual(["'self'"]);
    expect(APP_CSP).not.toMatch(/unsafe-inline|unsafe-eval|\*/);
    expect(directives['object-src']).toEqual(["'none'"]);
    expect(directives['base-uri']).toEqual(["'none'"]);
    expect(directives['frame-ancestors']).toEqual(["'none'"]);
    expect(directives['default-src']).toEqual(["'none'"]);
  });
  it('serves documents inert, unsniffed and uncached', () => {
    expect(DOCUMENT_HEADERS['X-Content-Type-Options']).toBe('nosniff');
    expect(DOCUMENT_HEADERS['Cache-Control']).toMatch(/no-store/);
    expect(DOCUMENT_HEADERS['Content-Security-Policy']).toMatch(/default-src 'none'.*sandbox/);
  });
});

describe('IPC sender check', () => {
  it("accepts only the app's own page", () => {
    expect(isTrustedSender('app://lockleaf/index.html')).toBe(true);
    expect(isTrustedSender('app://evil/index.html')).toBe(false);
    expect(isTrustedSender('https://lockleaf.example/')).toBe(false);
    expect(isTrustedSender('file:///tmp/index.html')).toBe(false);
    expect(isTrustedSender('lockleaf-doc://x')).toBe(false);
    expect(isTrustedSender(undefined)).toBe(false);
    expect(isTrustedSender('not a url')).toBe(false);
    expect(isTrustedSender('http://localhost:5173/', 'http://localhost:5173')).toBe(true);
    expect(isTrustedSender('http://localhost:5174/', 'http://localhost:5173')).toBe(false);
  });
});

describe('external links', () => {
  it('opens only plain https links', () => {
    expect(isSafeExternalUrl('https://support.example.org/help')).toBe(true);
    expect(isSafeExternalUrl('http://example.org')).toBe(false);
    expect(isSafeExternalUrl('file:///etc/passwd')).toBe(false);
    expect(isSafeExternalUrl('javascript:alert(1)')).toBe(false);
    expect(isSafeExternalUrl('https://user:pw@example.org')).toBe(false);
    expect(isSafeExternalUrl('smb://share/x')).toBe(false);
  });
});

describe('document view tokens', () => {
  it('resolve for 15 minutes, then never again', () => {
    let now = 1_000_000;
    const tokens = new ViewTokens(undefined, () => now);
    const token = tokens.issue('doc-1');
    expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(tokens.resolve(token)).toEqual({ documentId: 'doc-1', archive: false });
    now += 15 * 60 * 1000 - 1;
    expect(tokens.resolve(token)?.documentId).toBe('doc-1');
    now += 1;
    expect(tokens.resolve(token)).toBeUndefined();
    expect(tokens.resolve('guess')).toBeUndefined();
  });
  it('are dropped when the vault locks', () => {
    const tokens = new ViewTokens();
    const token = tokens.issue('doc-2');
    tokens.clear();
    expect(tokens.resolve(token)).toBeUndefined();
  });
});
