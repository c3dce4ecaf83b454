/**
 * The one call to Claude: a Messages request with text blocks only and a forced `classify_document` tool
 * call, through the official SDK, from main only (the SDK refuses browser-like environments, and the API
 * refuses requests carrying an Origin header).
 *
 * Retries are the SDK's: 408, 409, 429 and 5xx (529 overloaded included) are retried `maxRetries` times,
 * waiting what `retry-after-ms` or `retry-after` asks (a value it cannot use, 0 included, means its own
 * backoff of 0.5 s doubling to 8 s); 401/403 and other 4xx are not retried. The SDK would wait as long as
 * the server says, minutes included, with the user looking at a spinner: a wait over MAX_WAIT_MS is not
 * waited here but queued (the response is marked `x-should-retry: false`, which the SDK obeys). What is
 * still failing after that is sorted here: the key refused, worth trying later (with when), or a request
 * that will not work.
 */
import { Anthropic, APIConnectionError, APIError, AuthenticationError, PermissionDeniedError } from '@anthropic-ai/sdk';
import { LockleafError } from '../errors.js';
import type { AiRequest } from './prepare.js';

export const TOOL_NAME = 'classify_document';

const nullableString = (description: string) => ({ type: ['string', 'null'], description });
const date = (description: string) => ({ ...nullableString(`${description}, YYYY-MM-DD, or null`) });

export const CLASSIFY_TOOL = {
  name: TOOL_NAME,
  description: 'Files one document: its title, type, correspondent, tags, dates, amounts and a one-line summary.',
  input_schema: {
    type: 'object' as const,
    properties: {
      title: { type: 'string', description: 'a short, specific title (at most 80 characters)' },
      type: nullableString('the document type: one of the existing types, or a short new one; null if unclear'),
      correspondent: nullableString('who sent or issued it: an existing correspondent, or a new name; null if unclear'),
      tags: { type: 'array', items: { type: 'string' }, description: 'existing tags that fit (at most 5)' },
      new_tags: { type: 'array', items: { type: 'string' }, description: 'new tags worth creating (at most 3)' },
      document_date: date('the date the document was issued'),
      amounts: {
        type: 'array',
        items: {
          type: 'object',
          properties: {
            value: { type: 'number' },
            currency: nullableString('ISO 4217 code (EUR, USD…) or null'),
            label: nullableString('what the amount is (Total, VAT…)'),
            is_total: { type: 'boolean', description: 'true for the total to pay' },
          },
          required: ['value', 'currency', 'label', 'is_total'],
        },
      },
      due_date: date('payment deadline'),
      expiry_date: date('when it stops being valid'),
      summary: { type: 'string', description: 'one line, at most 200 characters' },
    },
    required: [
      'title',
      'type',
      'correspondent',
      'tags',
      'new_tags',
      'document_date',
      'amounts',
      'due_date',
      'expiry_date',
      'summary',
    ],
  },
};

export interface ClaudeOptions {
  /** Where the Messages API is: LOCKLEAF_ANTHROPIC_BASE_URL, else Anthropic's. */
  baseURL?: string;
  /** SDK retries of 408/409/429/5xx and connection failures (default 2). */
  maxRetries?: number;
  /** Per attempt (default 60 s). */
  timeoutMs?: number;
}

export type ClaudeOutcome =
  | { kind: 'ok'; input: unknown; model: string }
  /** Rate-limited, overloaded, a server error or no connection, after the SDK's retries: try again later. */
  | { kind: 'later'; reason: string; notBefore: Date | null };

/**
 * Anthropic's API, or LOCKLEAF_ANTHROPIC_BASE_URL (a proxy, the tests' peer). Plain http only to this
 * machine: elsewhere it would carry the key and the document's text in clear.
 */
export function defaultBaseUrl(env: NodeJS.ProcessEnv = process.env): string {
  const given = env.LOCKLEAF_ANTHROPIC_BASE_URL;
  if (!given) return 'https://api.anthropic.com';
  let url: URL;
  try {
    url = new URL(given);
  } catch {
    throw new LockleafError('INVALID_INPUT', `LOCKLEAF_ANTHROPIC_BASE_URL is not a URL (${given.slice(0, 80)}).`);
  }
  const loopback = ['127.0.0.1', '[::1]', 'localhost'].includes(url.hostname);
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && loopback))
    throw new LockleafError(
      'INVALID_INPUT',
      'LOCKLEAF_ANTHROPIC_BASE_URL must be https (plain http only to 127.0.0.1 or localhost); nothing was sent.',
    );
  return given;
}

/** When the server said to come back, from the last response's headers. */
function retryAfter(headers: Headers | undefined, now = Date.now()): Date | null {
  const ms = Number.parseFloat(headers?.get('retry-after-ms') ?? '');
  if (Number.isFinite(ms) && ms > 0) return new Date(now + ms);
  const value = headers?.get('retry-after');
  if (!value) return null;
  const seconds = Number.parseFloat(value);
  if (Number.isFinite(seconds)) return seconds > 0 ? new Date(now + seconds * 1000) : null;
  const at = Date.parse(value);
  return Number.isNaN(at) ? null : new Date(at);
}

export const PLATFORM_HEADERS = [
  'X-Stainless-OS',
  'X-Stainless-Arch',
  'X-Stainless-Runtime',
  'X-Stainless-Runtime-Version',
  'X-Stainless-Lang',
  'X-Stainless-Package-Version',
];

/** The longest retry-after waited in place; a longer one queues the request until then. */
export const MAX_WAIT_MS = 10_000;

/** Tells the SDK not to retry a response that asks for a wait longer than MAX_WAIT_MS. */
const patientFetch = async (input: string | URL | Request, init?: RequestInit): Promise<Response> => {
  const response = await fetch(input, init);
  const until = response.ok ? null : retryAfter(response.headers);
  if (!until || until.getTime() - Date.now() <= MAX_WAIT_MS) return response;
  const headers = new Headers(response.headers);
  headers.set('x-should-retry', 'false');
  return new Response(response.body, { status: response.status, statusText: response.statusText, headers });
};

export async function callClaude(
  request: AiRequest,
  apiKey: string,
  options: ClaudeOptions = {},
): Promise<ClaudeOutcome> {
  const client = new Anthropic({
    apiKey,
    // Explicit, so neither ANTHROPIC_BASE_URL nor a profile can send the text somewhere else.
    baseURL: options.baseURL ?? defaultBaseUrl(),
    maxRetries: options.maxRetries ?? 2,
    timeout: options.timeoutMs ?? 60_000,
    // ANTHROPIC_LOG=debug would print request bodies (the document's text) to the console.
    logLevel: 'off',
    fetch: patientFetch,
    // The SDK tells the server this machine's OS, architecture and Node version: not needed to file a document.
    defaultHeaders: Object.fromEntries(PLATFORM_HEADERS.map((h) => [h, null])),
  });
  try {
    const message = await client.messages.create({
      model: request.model,
      max_tokens: 1024,
      system: request.system,
      messages: [{ role: 'user', content: [{ type: 'text', text: request.text }] }],
      tools: [CLASSIFY_TOOL],
      tool_choice: { type: 'tool', name: TOOL_NAME },
    });
    const call = message.content.find((block) => block.type === 'tool_use' && block.name === TOOL_NAME);
    if (!call || call.type !== 'tool_use') {
      throw new LockleafError('AI_FAILED', `Claude answered without filing the document (${message.stop_reason}).`);
    }
    return { kind: 'ok', input: call.input, model: message.model };
  } catch (error) {
    if (error instanceof AuthenticationError || error instanceof PermissionDeniedError) {
      throw new LockleafError(
        'AI_KEY_REJECTED',
        `Anthropic refused the API key (${error.status}). Set a valid one with lockleaf ai enable --key-stdin; nothing was retried or queued.`,
        undefined,
        { cause: error },
      );
    }
    if (error instanceof APIConnectionError) {
      return { kind: 'later', reason: 'Anthropic could not be reached (offline?)', notBefore: null };
    }
    if (error instanceof APIError && error.status !== undefined) {
      const status = error.status;
      if (status === 408 || status === 409 || status === 429 || status >= 500) {
        const what = status === 429 ? 'rate-limited' : status === 529 ? 'overloaded' : `unavailable (${status})`;
        return { kind: 'later', reason: `Anthropic is ${what}`, notBefore: retryAfter(error.headers) };
      }
      const detail = (error.error as { error?: { message?: string } } | undefined)?.error?.message ?? error.message;
      throw new LockleafError(
        'AI_FAILED',
        `Claude refused the request (${status}): ${detail}`,
        { status },
        {
          cause: error,
        },
      );
    }
    throw error;
  }
}
