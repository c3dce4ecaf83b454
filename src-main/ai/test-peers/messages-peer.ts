/**
 * For tests: a server on 127.0.0.1 speaking Anthropic's Messages API (POST /v1/messages) as strictly as
 * the real one about what Lockleaf sends: the key (`x-api-key`, or `Authorization: Bearer` as SDK 1.x sends
 * it; 401 authentication_error), a known `anthropic-version` header, no `Origin` (browser requests are refused), a JSON body with model,
 * max_tokens and messages, known content block types, tools with an object input_schema, a tool_choice
 * naming one of them, and a size limit (413). It records every request, refused ones included, and can be
 * scripted to fail (401, 429 with retry-after, 529, 500) or to answer with a given tool input.
 */
import {
  createServer,
  type IncomingHttpHeaders,
  type IncomingMessage,
  type Server,
  type ServerResponse,
} from 'node:http';
import type { AddressInfo } from 'node:net';

/** API versions the peer knows: the SDK (1.x) sends the newest; the first is what the original docs name. */
export const PEER_API_VERSIONS = ['2023-06-01', '2026-10-21'];

export interface RecordedRequest {
  method: string;
  path: string;
  headers: IncomingHttpHeaders;
  /** The body as received (text), and parsed when it was JSON. */
  raw: string;
  body: Record<string, unknown> | undefined;
  /** What the peer answered. */
  status: number;
}

export type Scripted =
  { status: number; errorType?: string; message?: string; headers?: Record<string, string> } | { input: unknown };

const BLOCK_TYPES = new Set([
  'text',
  'image',
  'document',
  'tool_use',
  'tool_result',
  'search_result',
  'thinking',
  'redacted_thinking',
]);
const ERROR_TYPES: Record<number, string> = {
  400: 'invalid_request_error',
  401: 'authentication_error',
  403: 'permission_error',
  404: 'not_found_error',
  413: 'request_too_large',
  429: 'rate_limit_error',
  500: 'api_error',
  529: 'overloaded_error',
};

let ids = 0;
const nextId = (prefix: string) => `${prefix}_${Date.now().toString(36)}${(++ids).toString(36).padStart(6, '0')}`;

export class MessagesPeer {
  readonly requests: RecordedRequest[] = [];
  private readonly script: Scripted[] = [];
  /** The tool input answered when nothing is scripted. */
  defaultInput: unknown = {
    title: 'Invoice',
    type: null,
    correspondent: null,
    tags: [],
    new_tags: [],
    document_date: null,
    amounts: [],
    due_date: null,
    expiry_date: null,
    summary: 'A document.',
  };

  private constructor(
    private readonly server: Server,
    readonly url: string,
    private readonly apiKey: string,
    private readonly maxBodyBytes: number,
  ) {}

  static async start(options: { apiKey: string; maxBodyBytes?: number }): Promise<MessagesPeer> {
    const server = createServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    const peer = new MessagesPeer(
      server,
      `http://127.0.0.1:${port}`,
      options.apiKey,
      options.maxBodyBytes ?? 1024 * 1024,
    );
    server.on('request', (req: IncomingMessage, res: ServerResponse) => {
      const parts: Buffer[] = [];
      let size = 0;
      req.on('data', (chunk: Buffer) => {
        size += chunk.length;
        if (size <= peer.maxBodyBytes) parts.push(chunk);
      });
      req.on('end', () => peer.handle(req.method ?? '', req.url ?? '', req.headers, parts, size, res));
    });
    return peer;
  }

  /** Answers for the next valid requests, in order; then `defaultInput`. */
  push(...replies: Scripted[]): void {
    this.script.push(...replies);
  }

  /** The valid requests that reached the model (refusals aside). */
  get accepted(): RecordedRequest[] {
    return this.requests.filter((r) => r.status === 200);
  }

  async stop(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private handle(
    method: string,
    path: string,
    headers: IncomingHttpHeaders,
    parts: Buffer[],
    size: number,
    res: ServerResponse,
  ): void {
    const raw = Buffer.concat(parts).toString('utf8');
    let body: Record<string, unknown> | undefined;
    try {
      body = JSON.parse(raw) as Record<string, unknown>;
    } catch {
      body = undefined;
    }
    const record: RecordedRequest = { method, path, headers, raw, body, status: 0 };
    this.requests.push(record);
    const fail = (status: number, message: string, extra: Record<string, string> = {}, type?: string) => {
      record.status = status;
      this.send(
        res,
        status,
        { type: 'error', error: { type: type ?? ERROR_TYPES[status] ?? 'api_error', message } },
        extra,
      );
    };

    if (method !== 'POST' || path.split('?')[0] !== '/v1/messages') return fail(404, `Not found: ${method} ${path}`);
    if (headers.origin !== undefined) {
      return fail(401, "CORS requests must set 'anthropic-dangerous-direct-browser-access' header");
    }
    // The key as `x-api-key`, or as a bearer token (what SDK 1.x sends); either must be this peer's key.
    const bearer = /^Bearer (.+)$/.exec(String(headers.authorization ?? ''))?.[1];
    const given = headers['x-api-key'] ?? bearer;
    if (given === undefined) return fail(401, 'x-api-key header is required');
    if (given !== this.apiKey || (bearer !== undefined && bearer !== this.apiKey))
      return fail(401, 'invalid x-api-key');
    const version = headers['anthropic-version'];
    if (!version) return fail(400, 'anthropic-version: header is required');
    if (!PEER_API_VERSIONS.includes(String(version))) return fail(400, `anthropic-version: unknown version ${version}`);
    if (size > this.maxBodyBytes) return fail(413, 'Request exceeds the maximum allowed number of bytes.');
    if (!String(headers['content-type'] ?? '').startsWith('application/json')) return fail(400, 'content-type');
    if (!body) return fail(400, 'The request body is not valid JSON.');
    const problem = this.invalid(body);
    if (problem) return fail(400, problem);

    const next = this.script.shift();
    if (next && 'status' in next)
      return fail(next.status, next.message ?? 'scripted failure', next.headers, next.errorType);
    record.status = 200;
    const tools = body.tools as { name: string }[] | undefined;
    const choice = body.tool_choice as { name?: string } | undefined;
    this.send(res, 200, {
      id: nextId('msg'),
      type: 'message',
      role: 'assistant',
      model: body.model,
      content: [
        {
          type: 'tool_use',
          id: nextId('toolu'),
          name: choice?.name ?? tools?.[0]?.name,
          input: next ? next.input : this.defaultInput,
        },
      ],
      stop_reason: 'tool_use',
      stop_sequence: null,
      usage: { input_tokens: Math.ceil(raw.length / 4), output_tokens: 120 },
    });
  }

  /** Why the body is not a valid Messages request, or undefined. */
  private invalid(body: Record<string, unknown>): string | undefined {
    if (typeof body.model !== 'string' || !body.model) return 'model: Field required';
    if (!Number.isInteger(body.max_tokens) || (body.max_tokens as number) < 1) return 'max_tokens: Field required';
    if (!Array.isArray(body.messages) || body.messages.length === 0) return 'messages: Field required';
    for (const m of body.messages as { role?: unknown; content?: unknown }[]) {
      if (m.role !== 'user' && m.role !== 'assistant') return 'messages: role must be user or assistant';
      if (typeof m.content === 'string') continue;
      if (!Array.isArray(m.content) || m.content.length === 0) return 'messages: content required';
      for (const block of m.content as { type?: unknown; text?: unknown }[]) {
        if (!BLOCK_TYPES.has(String(block.type))) return `messages: unknown content block type ${String(block.type)}`;
        if (block.type === 'text' && (typeof block.text !== 'string' || !block.text))
          return 'text block: text required';
      }
    }
    if (body.system !== undefined && typeof body.system !== 'string' && !Array.isArray(body.system)) {
      return 'system: must be a string or text blocks';
    }
    const tools = (body.tools ?? []) as { name?: unknown; input_schema?: { type?: unknown } }[];
    if (!Array.isArray(tools)) return 'tools: must be a list';
    for (const t of tools) {
      if (typeof t.name !== 'string' || !/^[a-zA-Z0-9_-]{1,64}$/.test(t.name)) return 'tools: invalid name';
      if (t.input_schema?.type !== 'object') return `tools.${t.name}: input_schema.type must be object`;
    }
    const choice = body.tool_choice as { type?: unknown; name?: unknown } | undefined;
    if (choice !== undefined) {
      if (!['auto', 'any', 'tool', 'none'].includes(String(choice.type))) return 'tool_choice: invalid type';
      if (choice.type === 'tool' && !tools.some((t) => t.name === choice.name)) {
        return `tool_choice: tool ${String(choice.name)} not found in tools`;
      }
    }
    return undefined;
  }

  private send(res: ServerResponse, status: number, body: unknown, extra: Record<string, string> = {}): void {
    const json = JSON.stringify(body);
    res.writeHead(status, {
      'content-type': 'application/json',
      'content-length': Buffer.byteLength(json),
      'request-id': nextId('req'),
      ...extra,
    });
    res.end(json);
  }
}
