/**
 * Puts the app's CSP into the built index.html as a <meta> tag too. The
 * header (set by the protocol handler and the test host) stays the real one;
 * the tag is a second fence should the page ever be served without it, and it
 * lets static checkers (electronegativity) see the policy. Build only: the dev
 * server's hot reload needs what the policy forbids. `frame-ancestors` is left
 * out because browsers ignore it in a meta tag.
 */
import type { Plugin } from 'vite';
import { APP_CSP } from '../src-main/desktop/security.js';

export function cspMetaPlugin(): Plugin {
  const policy = APP_CSP.split('; ')
    .filter((d) => !d.startsWith('frame-ancestors'))
    .join('; ');
  return {
    name: 'lockleaf-csp-meta',
    apply: 'build',
    transformIndexHtml: (html) =>
      html.replace('<head>', `<head>\n    <meta http-equiv="Content-Security-Policy" content="${policy}" />`),
  };
}
