/**
 * Errors to HTTP answers: the store's InputError (field, expected, hint) -> 400, its NotFoundError
 * -> 404, its ConflictError -> 409, an aborted job -> 409; anything else -> 500 with a fixed text
 * (no stack, no message: a programming error's message may carry patient data).
 */
import { InputError } from '../core/errors.ts';
import { ConflictError, NotFoundError } from '../store/errors.ts';
import type { ApiError } from './api-types.ts';

/** A 4xx answer raised by the server itself (bad id, refused host, too large). */
export class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly body: ApiError,
  ) {
    super(body.error);
  }
}

export interface ErrorAnswer {
  status: number;
  body: ApiError;
}

/** The status and ApiError body for any thrown value. */
export function errorAnswer(error: unknown): ErrorAnswer {
  if (error instanceof HttpError) return { status: error.status, body: error.body };
  if (error instanceof InputError) {
    return {
      status: error instanceof ConflictError ? 409 : 400,
      body: {
        error: error.message,
        field: error.field,
        expected: error.expected,
        hint: error.hint,
      },
    };
  }
  if (error instanceof NotFoundError) {
    return { status: 404, body: { error: error.message } };
  }
  const fastifyCode = (error as { statusCode?: unknown } | null)?.statusCode;
  if (typeof fastifyCode === 'number' && fastifyCode >= 400 && fastifyCode < 500) {
    return { status: fastifyCode, body: { error: fastifyMessage(fastifyCode, error) } };
  }
  return {
    status: 500,
    body: { error: 'internal error (a bug in iodose; the request did nothing)' },
  };
}

function fastifyMessage(status: number, error: unknown): string {
  if (status === 413) {
    return 'request body too large (see the limits in iodose serve --help; upload fewer or smaller files)';
  }
  if (status === 415) return 'unsupported content type (send application/json)';
  // Fastify's own 4xx messages (bad JSON, missing body) name no user data.
  return error instanceof Error ? error.message : `request refused (${String(status)})`;
}

/** A route parameter as a positive integer id, or a 400 naming it. */
export function idParam(params: unknown, name: string): number {
  const raw = (params as Record<string, unknown>)[name];
  const id = typeof raw === 'string' && /^[1-9][0-9]{0,14}$/.test(raw) ? Number(raw) : NaN;
  if (!Number.isSafeInteger(id)) {
    throw new HttpError(400, {
      error: `${name}: expected a positive integer id`,
      field: name,
      expected: 'a positive integer id',
    });
  }
  return id;
}
