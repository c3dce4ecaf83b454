import { describe, expect, it } from 'vitest';
import { devRendererUrl } from './dev-url.js';

describe('dev renderer URL', () => {
  it('is honoured in development only', () => {
    const env = { ELECTRON_RENDERER_URL: 'http://localhost:5173' };
    expect(devRendererUrl(env, false)?.origin).toBe('http://localhost:5173');
    expect(devRendererUrl(env, true)).toBeUndefined();
    expect(devRendererUrl({ ELECTRON_RENDERER_URL: 'https://evil.example/' }, true)).toBeUndefined();
    expect(devRendererUrl({}, false)).toBeUndefined();
  });
  it('must be a dev server on this machine', () => {
    expect(devRendererUrl({ ELECTRON_RENDERER_URL: 'http://127.0.0.1:5173/' }, false)?.href).toBe(
      'http://127.0.0.1:5173/',
    );
    expect(() => devRendererUrl({ ELECTRON_RENDERER_URL: 'https://evil.example/' }, false)).toThrow(
      /dev server on this machine/,
    );
    expect(() => devRendererUrl({ ELECTRON_RENDERER_URL: 'file:///tmp/index.html' }, false)).toThrow(
      /dev server on this machine/,
    );
    expect(() => devRendererUrl({ ELECTRON_RENDERER_URL: 'not a url' }, false)).toThrow();
  });
});
