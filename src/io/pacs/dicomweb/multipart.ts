/**
 * multipart/related bodies (RFC 2387 over the multipart syntax of RFC 2046 5.1.1), as WADO-RS
 * answers and STOW-RS requests carry them (PS3.18 8.6.1.2): parts separated by
 * CRLF "--" boundary, each with its header lines, a blank line, then its bytes.
 *
 * Why our own ~100 lines: the npm multipart parsers (busboy, formidable, @fastify/multipart)
 * read multipart/form-data and want a Content-Disposition per part, which DICOMweb parts lack;
 * dicomweb-client (the browser DICOMweb client) is built on XMLHttpRequest, not Node's fetch.
 */
import { randomBytes } from 'node:crypto';

/** One part: its header fields (names lower-cased) and its bytes (a view into the body). */
export interface MultipartPart {
  headers: Record<string, string>;
  body: Uint8Array;
}

const CRLF = Buffer.from('\r\n');

/** The boundary of a Content-Type header (`boundary=...`, quoted or not), or null. */
export function multipartBoundary(contentType: string): string | null {
  const match = /;\s*boundary\s*=\s*(?:"([^"]+)"|([^;\s]+))/i.exec(contentType);
  const boundary = match?.[1] ?? match?.[2];
  return boundary === undefined || boundary.length === 0 ? null : boundary;
}

/**
 * The parts of a multipart body. The preamble before the first delimiter and the epilogue after
 * the close delimiter are ignored, as is transport padding (spaces, tabs) after a boundary.
 * Throws an Error saying what is wrong when the body does not follow the syntax (no delimiter,
 * a part without the blank line after its headers, no close delimiter: a truncated body).
 */
export function parseMultipart(body: Uint8Array, boundary: string): MultipartPart[] {
  const buffer = Buffer.from(body.buffer, body.byteOffset, body.byteLength);
  const dash = Buffer.from(`--${boundary}`);
  const delimiter = Buffer.concat([CRLF, dash]);
  // The first delimiter may open the body (no CRLF before it) or follow a preamble.
  const opens = buffer.subarray(0, dash.length).equals(dash);
  const first = opens ? 0 : buffer.indexOf(delimiter);
  if (first < 0) throw new Error(`no boundary "${boundary}" in the multipart body`);
  let at = first + (opens ? dash.length : delimiter.length);
  const parts: MultipartPart[] = [];
  for (;;) {
    if (buffer[at] === 0x2d && buffer[at + 1] === 0x2d) return parts; // "--": close delimiter
    at = skipPadding(buffer, at);
    if (!(buffer[at] === 0x0d && buffer[at + 1] === 0x0a)) {
      throw new Error(`a boundary line of the multipart body does not end in CRLF (byte ${at})`);
    }
    const start = at + 2;
    const next = buffer.indexOf(delimiter, start);
    if (next < 0) {
      throw new Error('the multipart body ends without its close delimiter (truncated?)');
    }
    parts.push(parsePart(buffer.subarray(start, next)));
    at = next + delimiter.length;
  }
}

function skipPadding(buffer: Buffer, at: number): number {
  let i = at;
  while (buffer[i] === 0x20 || buffer[i] === 0x09) i += 1;
  return i;
}

function parsePart(part: Buffer): MultipartPart {
  if (part.length === 0) return { headers: {}, body: new Uint8Array(0) };
  // A part without headers starts with the blank line itself.
  const headerEnd = part.subarray(0, 2).equals(CRLF) ? 0 : part.indexOf('\r\n\r\n');
  if (headerEnd < 0)
    throw new Error('a part of the multipart body has no blank line after its headers');
  const headers: Record<string, string> = {};
  const text = part.subarray(0, headerEnd).toString('latin1');
  for (const line of text.split('\r\n')) {
    if (line.length === 0) continue;
    const colon = line.indexOf(':');
    if (colon <= 0)
      throw new Error(`a part header line of the multipart body is not "name: value"`);
    headers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
  }
  const bodyStart = headerEnd === 0 ? 2 : headerEnd + 4;
  const bytes = part.subarray(bodyStart);
  return { headers, body: new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength) };
}

/** A multipart/related body of `parts`, each with Content-Type `type`, and its Content-Type. */
export function buildMultipart(
  parts: readonly Uint8Array[],
  type: string,
): { body: Buffer; contentType: string } {
  const boundary = `iodose-${randomBytes(16).toString('hex')}`;
  const chunks: Buffer[] = [];
  for (const part of parts) {
    chunks.push(Buffer.from(`--${boundary}\r\nContent-Type: ${type}\r\n\r\n`));
    chunks.push(Buffer.from(part.buffer, part.byteOffset, part.byteLength), CRLF);
  }
  chunks.push(Buffer.from(`--${boundary}--\r\n`));
  return {
    body: Buffer.concat(chunks),
    contentType: `multipart/related; type="${type}"; boundary=${boundary}`,
  };
}
