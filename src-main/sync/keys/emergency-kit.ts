/**
 * The emergency kit: what a person needs, besides the passphrase, to open the
 * vault on a new device after losing every other one. Shown once at set-up,
 * as text (CLI: `--kit FILE` or printed) and as a printable page (window).
 *
 * It names the bucket but never its credentials: the input type has no place
 * for them (passing an access key is a compile-time type error), and at run
 * time any such field is ignored, not refused: only the named fields are
 * read, so one passed by mistake from plain JS cannot reach the page. The
 * passphrase is not on it: a found kit alone opens nothing, and the page says
 * to write the passphrase down somewhere else.
 */
import { formatSecretKey } from './secret-key.js';

export interface EmergencyKitInput {
  secretKey: Uint8Array;
  vaultId: string;
  remote: {
    kind: 'r2' | 's3';
    endpoint: string;
    bucket: string;
    /** Never on the kit: present only so that passing one is a type error. */
    secretAccessKey?: never;
    accessKeyId?: never;
  };
  createdAt: Date;
}

interface KitFacts {
  secretKey: string;
  vaultId: string;
  service: string;
  endpoint: string;
  bucket: string;
  created: string;
}

const KEEP =
  'Keep this kit somewhere safe and offline (printed, in a drawer or a safe), not in the same place as your passphrase.';
const NO_PASSPHRASE =
  'Your passphrase is NOT on this kit. Write it down separately: the vault cannot be opened on a new device without both.';
const HOW =
  'On a new device: "Open a synced vault" in the window, or `lockleaf --vault DIR clone r2|s3 …` with the same bucket options; you will be asked for your passphrase and this Secret Key.';
const DEVICES =
  'Devices already set up do not need it: unlocking there is enough. Anyone who has this kit and your passphrase and can read the bucket can read your vault.';

function facts(input: EmergencyKitInput): KitFacts {
  const { kind, endpoint, bucket } = input.remote;
  return {
    secretKey: formatSecretKey(input.secretKey),
    vaultId: input.vaultId,
    service: kind === 'r2' ? 'Cloudflare R2' : 'S3-compatible storage',
    endpoint: endpointHost(endpoint),
    bucket,
    created: input.createdAt.toISOString(),
  };
}

export function emergencyKitText(input: EmergencyKitInput): string {
  const f = facts(input);
  return [
    'LOCKLEAF EMERGENCY KIT',
    '',
    `Secret Key: ${f.secretKey}`,
    '',
    `Vault: ${f.vaultId}`,
    `Storage: ${f.service}`,
    `Endpoint: ${f.endpoint}`,
    `Bucket: ${f.bucket}`,
    `Created: ${f.created}`,
    '',
    NO_PASSPHRASE,
    '',
    KEEP,
    HOW,
    DEVICES,
    '',
  ].join('\n');
}

/** A self-contained printable page: inline CSS, no script, nothing fetched (the CSP says so too). */
export function emergencyKitHtml(input: EmergencyKitInput): string {
  const f = facts(input);
  const row = (label: string, value: string): string =>
    `<tr><th>${escapeHtml(label)}</th><td>${escapeHtml(value)}</td></tr>`;
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">
<title>Lockleaf emergency kit</title>
<style>
  body { font: 12pt/1.5 system-ui, sans-serif; max-width: 42em; margin: 2em auto; color: #111; }
  h1 { font-size: 18pt; margin-bottom: 0.2em; }
  .key { font: 16pt/1.4 ui-monospace, monospace; letter-spacing: 0.05em; border: 2px solid #111; padding: 0.6em; margin: 1em 0; word-break: break-all; }
  table { border-collapse: collapse; margin: 1em 0; }
  th { text-align: left; padding: 0.2em 1em 0.2em 0; font-weight: 600; }
  td { font-family: ui-monospace, monospace; word-break: break-all; }
  .warn { border-left: 4px solid #b00; padding-left: 0.8em; font-weight: 600; }
  @media print { body { margin: 0; } }
</style>
</head>
<body>
<h1>Lockleaf emergency kit</h1>
<p>Created ${escapeHtml(f.created)}</p>
<p class="key">Secret Key: ${escapeHtml(f.secretKey)}</p>
<table>
${row('Vault', f.vaultId)}
${row('Storage', f.service)}
${row('Endpoint', f.endpoint)}
${row('Bucket', f.bucket)}
</table>
<p class="warn">${escapeHtml(NO_PASSPHRASE)}</p>
<p>${escapeHtml(KEEP)}</p>
<p>${escapeHtml(HOW)}</p>
<p>${escapeHtml(DEVICES)}</p>
</body>
</html>
`;
}

/** Only scheme, host and path: an endpoint URL could carry userinfo (credentials) or a query. */
function endpointHost(endpoint: string): string {
  try {
    const url = new URL(endpoint);
    return `${url.protocol}//${url.host}${url.pathname === '/' ? '' : url.pathname}`;
  } catch {
    return '(not a URL)';
  }
}

function escapeHtml(text: string): string {
  return text.replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] ?? c,
  );
}
