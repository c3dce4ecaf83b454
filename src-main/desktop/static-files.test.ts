import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { staticFilePath } from './static-files.js';

const root = '/opt/lockleaf/renderer';

describe('static file paths', () => {
  it('serves files inside the folder, / as index.html', () => {
    expect(staticFilePath(root, '/')).toBe(join(root, 'index.html'));
    expect(staticFilePath(root, '/assets/app-1.js')).toBe(join(root, 'assets', 'app-1.js'));
    expect(staticFilePath(root, '/assets/a%20b.css')).toBe(join(root, 'assets', 'a b.css'));
  });

  it('refuses anything that leaves the folder, however it is spelled', () => {
    for (const p of [
      '/../secret',
      '/assets/../../secret',
      '/%2e%2e/secret',
      '/%2E%2E%2Fsecret',
      '/..%2fsecret',
      '/%2e%2e%5csecret',
      '/x%00.js',
      '/%E0%A4%A',
      '/..',
      '/../renderer-other/x',
    ]) {
      expect(staticFilePath(root, p), p).toBeUndefined();
    }
  });
});
