/**
 * A real SMTP server (smtp-server) on 127.0.0.1 for tests: STARTTLS or
 * implicit TLS with a throwaway self-signed certificate, AUTH PLAIN/LOGIN
 * against one user, and every accepted message parsed with mailparser. A
 * message counts as delivered only once the server's 250 reply is written on
 * an open connection, as a real server's queue would take it.
 */
import type { AddressInfo } from 'node:net';
import { simpleParser, type ParsedMail } from 'mailparser';
import { generate } from 'selfsigned';
import { SMTPServer } from 'smtp-server';

export interface SmtpPeerOptions {
  user?: string;
  password?: string;
  /** Implicit TLS (like port 465) instead of STARTTLS. */
  secure?: boolean;
  /** Speak only TLS 1.0/1.1 (to check the client refuses). */
  oldTlsOnly?: boolean;
  /** Called when a message's data has arrived, before the server replies; the reply waits for it. */
  beforeAccept?: () => Promise<void>;
}

export interface SmtpPeer {
  port: number;
  user: string;
  password: string;
  received: ParsedMail[];
  envelopes: { from: string; to: string[] }[];
  /** Messages whose data arrived, accepted or not (a killed client's, say). */
  dataStarted: number;
  close(): Promise<void>;
}

let cert: Promise<{ key: string; cert: string }> | undefined;
function testCertificate() {
  cert ??= generate([{ name: 'commonName', value: '127.0.0.1' }], {
    keySize: 2048,
    extensions: [{ name: 'subjectAltName', altNames: [{ type: 7, ip: '127.0.0.1' }] }],
  }).then((p) => ({ key: p.private, cert: p.cert }));
  return cert;
}

export async function startSmtpPeer(options: SmtpPeerOptions = {}): Promise<SmtpPeer> {
  const user = options.user ?? 'alice@example.test';
  const password = options.password ?? 'smtp-password-Correct-7';
  const { key, cert: certificate } = await testCertificate();
  const peer: SmtpPeer = {
    user,
    password,
    received: [],
    envelopes: [],
    dataStarted: 0,
    port: 0,
    close: async () => undefined,
  };
  const server = new SMTPServer({
    secure: options.secure ?? false,
    key,
    cert: certificate,
    ...(options.oldTlsOnly ? { minVersion: 'TLSv1', maxVersion: 'TLSv1.1', ciphers: 'DEFAULT@SECLEVEL=0' } : {}),
    authMethods: ['PLAIN', 'LOGIN'],
    // Refuse AUTH before TLS, like any sane server.
    allowInsecureAuth: false,
    disabledCommands: [],
    logger: false,
    onAuth(auth, _session, callback) {
      if (auth.username === user && auth.password === password) callback(null, { user });
      else callback(Object.assign(new Error('Invalid username or password'), { responseCode: 535 }));
    },
    onData(stream, session, callback) {
      peer.dataStarted++;
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        void (async () => {
          await options.beforeAccept?.();
          const socket = (session as unknown as { _socket?: { destroyed: boolean } })._socket;
          if (socket?.destroyed || closed.has(session.id)) return callback(new Error('connection lost'));
          peer.envelopes.push({
            from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
            to: session.envelope.rcptTo.map((r) => r.address),
          });
          peer.received.push(await simpleParser(Buffer.concat(chunks)));
          callback(null, 'queued');
        })();
      });
    },
    onClose(session) {
      closed.add(session.id);
    },
  });
  const closed = new Set<string>();
  // TLS handshake failures (the old-TLS test) are the client's refusal, not a peer bug.
  server.on('error', () => undefined);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  peer.port = (server.server.address() as AddressInfo).port;
  peer.close = () => new Promise<void>((resolve) => server.close(() => resolve()));
  return peer;
}
