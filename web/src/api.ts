/**
 * HTTP to `iodose serve` (src/server): JSON in and out, every 4xx an ApiError (field, expected,
 * hint) thrown as ApiFailure so forms can show it next to the field it names.
 */
import type { ApiError } from '../../src/server/api-types.ts';

export class ApiFailure extends Error {
  readonly status: number;
  readonly apiError: ApiError;
  constructor(status: number, apiError: ApiError) {
    super(apiError.error);
    this.status = status;
    this.apiError = apiError;
  }
}

/** An ApiError from anything thrown (network errors and programming errors included). */
export function asApiError(error: unknown): ApiError {
  if (error instanceof ApiFailure) return error.apiError;
  return { error: error instanceof Error ? error.message : String(error) };
}

function isApiError(value: unknown): value is ApiError {
  return (
    typeof value === 'object' && value !== null && typeof (value as ApiError).error === 'string'
  );
}

async function answer<T>(response: Response): Promise<T> {
  const text = await response.text();
  let body: unknown = null;
  try {
    body = text === '' ? null : JSON.parse(text);
  } catch {
    body = null;
  }
  if (!response.ok) {
    throw new ApiFailure(
      response.status,
      isApiError(body)
        ? body
        : { error: `${response.status} ${response.statusText}: ${text.slice(0, 200)}` },
    );
  }
  return body as T;
}

/** A JSON request to /api/...; `path` starts after /api. */
export async function api<T>(method: string, path: string, body?: unknown): Promise<T> {
  const init: RequestInit = { method, headers: {} };
  if (body !== undefined) {
    init.headers = { 'content-type': 'application/json' };
    init.body = JSON.stringify(body);
  }
  return answer<T>(await fetch(`api${path}`, init));
}

/** A multipart upload to /api/...; each file under the field "files" with its relative path. */
export async function upload<T>(
  path: string,
  files: readonly { file: File; name: string }[],
): Promise<T> {
  const form = new FormData();
  for (const { file, name } of files) form.append('files', file, name);
  return answer<T>(await fetch(`api${path}`, { method: 'POST', body: form }));
}

export const get = <T>(path: string) => api<T>('GET', path);
