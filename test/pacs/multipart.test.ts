// multipart/related (RFC 2046 5.1.1): boundary edge cases, and our writer read back by Python's
// email package (an independent MIME parser).
import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import {
  buildMultipart,
  multipartBoundary,
  parseMultipart,
} from '../../src/io/pacs/dicomweb/multipart.ts';
import { hasPython, PYTHON, warnMissing } from '../helpers/external-tools.ts';

const text = (bytes: Uint8Array): string => Buffer.from(bytes).toString('latin1');
const body = (s: string): Uint8Array => new Uint8Array(Buffer.from(s, 'latin1'));

describe('multipartBoundary', () => {
  it('reads quoted and plain boundaries, case-insensitively', () => {
    expect(multipartBoundary('multipart/related; type="application/dicom"; boundary=abc')).toBe(
      'abc',
    );
    expect(multipartBoundary('multipart/related; BOUNDARY="a b:c"; type=x')).toBe('a b:c');
    expect(multipartBoundary('multipart/related; type="application/dicom"')).toBeNull();
  });
});

describe('parseMultipart', () => {
  it('splits parts, ignoring preamble, epilogue and transport padding', () => {
    const raw =
      'preamble\r\n--b1 \t\r\nContent-Type: application/dicom\r\n\r\nAAA\r\n' +
      '--b1\r\ncontent-type: application/dicom\r\nX-Extra:  v \r\n\r\nB\r\nB\r\n--b1--\r\nepilogue';
    const parts = parseMultipart(body(raw), 'b1');
    expect(parts.map((p) => text(p.body))).toEqual(['AAA', 'B\r\nB']);
    expect(parts[1]?.headers).toEqual({ 'content-type': 'application/dicom', 'x-extra': 'v' });
  });

  it('keeps boundary-like bytes that are not after CRLF, and a part without headers', () => {
    const raw = '--zz\r\n\r\nx--zz y\n--zz\r\n--zz\r\n\r\n\r\n--zz--';
    const parts = parseMultipart(body(raw), 'zz');
    expect(parts.map((p) => text(p.body))).toEqual(['x--zz y\n--zz', '']);
    expect(parts[0]?.headers).toEqual({});
  });

  it('takes an empty part and an empty body list', () => {
    expect(parseMultipart(body('--q\r\n\r\n--q--'), 'q').map((p) => p.body.length)).toEqual([0]);
    expect(parseMultipart(body('--q--\r\n'), 'q')).toEqual([]);
  });

  it('refuses a body without the boundary, a truncated body, and a part without a blank line', () => {
    expect(() => parseMultipart(body('hello'), 'q')).toThrow(/no boundary "q"/);
    expect(() => parseMultipart(body('--q\r\nContent-Type: a\r\n\r\nAB'), 'q')).toThrow(
      /close delimiter/,
    );
    expect(() => parseMultipart(body('--q\r\nContent-Type: a\r\n--q--'), 'q')).toThrow(
      /blank line/,
    );
    expect(() => parseMultipart(body('--qx\r\n\r\n--q--'), 'q')).toThrow(/CRLF/);
    expect(() => parseMultipart(body('--q\r\nnot a header\r\n\r\nA\r\n--q--'), 'q')).toThrow(
      /name: value/,
    );
  });

  it('reads back what buildMultipart writes, binary bytes included', () => {
    const parts = [
      new Uint8Array([0, 13, 10, 45, 45, 13, 10, 255]),
      new Uint8Array(0),
      new Uint8Array(100_000).map((_, i) => (i * 7919) % 256),
    ];
    const built = buildMultipart(parts, 'application/dicom');
    const boundary = multipartBoundary(built.contentType);
    expect(boundary).not.toBeNull();
    const back = parseMultipart(built.body, boundary ?? '');
    expect(
      back.map((p) => Buffer.from(p.body).equals(Buffer.from(parts[back.indexOf(p)] ?? []))),
    ).toEqual([true, true, true]);
    expect(back.every((p) => p.headers['content-type'] === 'application/dicom')).toBe(true);
  });
});

describe.skipIf(!hasPython())('buildMultipart read by Python email', () => {
  if (!hasPython()) warnMissing('python3', 'multipart read-back by Python email');
  it('gives the same parts to an independent MIME parser', () => {
    const parts = [body('first\r\n--x'), body('second')];
    const built = buildMultipart(parts, 'application/dicom');
    const script = [
      'import sys, email, json',
      'raw = sys.stdin.buffer.read()',
      'msg = email.message_from_bytes(raw)',
      'out = [p.get_payload(decode=True).decode("latin1") for p in msg.get_payload()]',
      'print(json.dumps({"type": msg.get_content_type(), "parts": out}))',
    ].join('\n');
    const input = Buffer.concat([
      Buffer.from(`Content-Type: ${built.contentType}\r\n\r\n`),
      built.body,
    ]);
    const result = JSON.parse(execFileSync(PYTHON, ['-c', script], { input }).toString()) as {
      type: string;
      parts: string[];
    };
    expect(result.type).toBe('multipart/related');
    expect(result.parts).toEqual(['first\r\n--x', 'second']);
  });
});
