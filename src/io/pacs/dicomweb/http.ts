/**
 * HTTP for the DICOMweb client over Node's global fetch: a timeout on every request
 * (AbortSignal.timeout), credentials of the root URL sent as Basic authorization (fetch refuses
 * URLs that carry them), and every failure as one InputError naming the URL without credentials:
 * no answer (refused, unknown host, timeout), or the HTTP status.
 */
import { InputError } from '../../../core/errors.ts';
import { redactUrl } from '../pacs-url.ts';

/** Options of every request. */
export interface HttpOptions {
  /** Milliseconds before a request is given up (default 120 s). */
  timeoutMs?: number;
  /** Another fetch (tests). */
  fetch?: typeof fetch;
}

/** A request's method, extra headers and body. */
export interface HttpRequest {
  method?: 'GET' | 'POST';
  headers?: Record<string, string>;
  body?: Uint8Array;
  /** Statuses that are answers rather than failures (e.g. 404 for "no such study"). */
  accept?: readonly number[];
}

/** An answer: status, Content-Type and the whole body. */
export interface HttpAnswer {
  status: number;
  contentType: string;
  body: Uint8Array;
}

/** `url` without credentials, and the Authorization header they make (if any). */
export function splitCredentials(url: string): { url: string; authorization: string | null } {
  const parsed = new URL(url);
  if (parsed.username === '' && parsed.password === '') return { url, authorization: null };
  const user = decodeURIComponent(parsed.username);
  const password = decodeURIComponent(parsed.password);
  parsed.username = '';
  parsed.password = '';
  const token = Buffer.from(`${user}:${password}`).toString('base64');
  return { url: parsed.toString(), authorization: `Basic ${token}` };
}

/** Sends one request; resolves to its answer, rejects with an InputError (see the file comment). */
export async function httpRequest(
  url: string,
  request: HttpRequest,
  options: HttpOptions = {},
): Promise<HttpAnswer> {
  const method = request.method ?? 'GET';
  const { url: plain, authorization } = splitCredentials(url);
  const shown = redactUrl(url);
  const timeoutMs = options.timeoutMs ?? 120_000;
  const headers: Record<string, string> = { ...request.headers };
  if (authorization !== null) headers['authorization'] = authorization;
  let response: Response;
  let body: Uint8Array;
  try {
    response = await (options.fetch ?? fetch)(plain, {
      method,
      headers,
      ...(request.body === undefined ? {} : { body: request.body }),
      signal: AbortSignal.timeout(timeoutMs),
    });
    body = new Uint8Array(await response.arrayBuffer());
  } catch (error) {
    throw new InputError(
      { field: 'URL' },
      `no answer from ${shown.split('?')[0] ?? shown} (${method}): ${failureReason(error, timeoutMs)}`,
      'check the address and that the PACS is running and reachable from here',
    );
  }
  const contentType = response.headers.get('content-type') ?? '';
  if (response.status >= 400 && !(request.accept ?? []).includes(response.status)) {
    throw new InputError(
      { field: 'URL' },
      `${method} ${shown} answered HTTP ${response.status} ${response.statusText}${detail(body)}`,
      hintFor(response.status),
    );
  }
  return { status: response.status, contentType, body };
}

function failureReason(error: unknown, timeoutMs: number): string {
  if (error instanceof DOMException && error.name === 'TimeoutError') {
    return `no response within ${Math.round(timeoutMs / 1000)} s`;
  }
  const cause =
    error instanceof Error
      ? (error.cause as { code?: string; message?: string } | undefined)
      : undefined;
  if (cause?.code === 'ECONNREFUSED') return 'connection refused';
  if (cause?.code === 'ENOTFOUND' || cause?.code === 'EAI_AGAIN') return 'unknown host';
  if (cause?.code !== undefined) return cause.code;
  // fetch refuses some ports outright (the Fetch standard's "bad ports", e.g. 1, 25, 6000).
  if (cause?.message !== undefined) return cause.message;
  return error instanceof Error ? error.message : String(error);
}

/** What a short body says (servers often say why): a JSON Message/Details, or its first line. */
function detail(body: Uint8Array): string {
  if (body.length === 0 || body.length > 4096) return '';
  const text = Buffer.from(body).toString('utf8').trim();
  try {
    const json = JSON.parse(text) as { Message?: unknown; Details?: unknown };
    const said = [json.Message, json.Details].filter((v) => typeof v === 'string').join(': ');
    return said.length > 0 ? `: ${said.slice(0, 200)}` : '';
  } catch {
    const line = text.split('\n')[0]?.trim() ?? '';
    return line.length > 0 && !line.startsWith('<') ? `: ${line.slice(0, 200)}` : '';
  }
}

function hintFor(status: number): string {
  if (status === 401 || status === 403)
    return 'the PACS refuses this client: check the credentials';
  if (status === 404) return 'check the DICOMweb root of the URL (e.g. .../dicom-web)';
  if (status >= 500) return 'the PACS failed: see its log, or try again later';
  return 'check the URL and the UIDs';
}
