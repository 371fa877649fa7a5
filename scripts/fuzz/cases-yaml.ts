/** Fuzz cases on the manifest's text: YAML edge cases the tree mutations cannot express. */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { demoManifest } from '../../src/demo/demo-patient.ts';
import type { FuzzCase } from './cases.ts';
import type { Rng } from './rng.ts';

const ALIAS_BOMB = [
  'a: &a ["x","x","x","x","x","x","x","x","x"]',
  'b: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]',
  'c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]',
  'd: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]',
  'e: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d]',
  'f: &f [*e,*e,*e,*e,*e,*e,*e,*e,*e]',
  'g: &g [*f,*f,*f,*f,*f,*f,*f,*f,*f]',
].join('\n');

/** Text variants of the demo manifest: [label, text or bytes]. */
function variants(text: string, rng: Rng): [string, string | Buffer][] {
  const lines = text.split('\n');
  const line = rng.int(lines.length);
  return [
    ['alias bomb appended', `${text}\n${ALIAS_BOMB}\n`],
    [
      'alias bomb inside patient',
      text.replace('patient:\n', `patient:\n  x: &x [1,2]\n`) + `\n${ALIAS_BOMB}\n`,
    ],
    [
      'anchors and merge keys (reused blood sample)',
      text
        .replace(/blood:\n {2}- at/, 'blood:\n  - &s at')
        .replace(/(concBqPerMl: [\d.]+)\n {2}- at/, '$1\n  - <<: *s\n    at'),
    ],
    ['tab indentation', text.replace(/^ {2}/gm, '\t')],
    ['UTF-8 BOM', `\uFEFF${text}`],
    ['UTF-16LE with BOM', Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')])],
    [
      'Latin-1 byte in a value',
      Buffer.concat([Buffer.from(text.replace('DEMO-01', 'DEMO-')), Buffer.from([0xe9])]),
    ],
    ['empty file', ''],
    ['only a comment', '# nothing\n'],
    ['null document', 'null\n'],
    ['a list at the top', '- 1\n- 2\n'],
    ['a scalar at the top', '42\n'],
    ['two documents', `${text}\n---\n${text}`],
    ['duplicated line', [...lines.slice(0, line + 1), ...lines.slice(line)].join('\n')],
    ['deleted line', [...lines.slice(0, line), ...lines.slice(line + 1)].join('\n')],
    ['truncated mid-file', text.slice(0, rng.int(text.length))],
    ['deep nesting', `${text}\nx: ${'['.repeat(5000)}${']'.repeat(5000)}\n`],
    ['huge comment (30 MB)', `${text}\n# ${'y'.repeat(30_000_000)}\n`],
    ['iodose: 2', text.replace('iodose: 1', 'iodose: 2')],
    ['iodose: "1"', text.replace('iodose: 1', 'iodose: "1"')],
    ['JSON with a trailing comma', JSON.stringify(demoManifest()).replace(/}$/, ',}')],
    ['JSON form', JSON.stringify(demoManifest(), null, 1)],
    ['CRLF line ends', text.replace(/\n/g, '\r\n')],
    ['YAML 1.1 timestamps unquoted with a space', text.replace(/T(\d\d:\d\d:\d\d)/g, ' $1')],
    ['a key with a custom tag', text.replace('weightKg: 72', 'weightKg: !!binary aGVsbG8=')],
    ['a !!js/function tag', text.replace('weightKg: 72', 'weightKg: !!js/function "function(){}"')],
    ['a numeric key', text.replace('patient:', '1: 2\npatient:')],
    ['__proto__ key', text.replace('patient:\n', 'patient:\n  __proto__: { weightKg: 1 }\n')],
    [
      'octal and hex numbers',
      text.replace('weightKg: 72', 'weightKg: 0x48').replace('heightCm: 168', 'heightCm: 0o250'),
    ],
    [
      'number with underscores / comma',
      text.replace('weightKg: 72', 'weightKg: 7_2').replace('heightCm: 168', 'heightCm: "1,68"'),
    ],
  ];
}

export function yamlTextCase(dir: string, rng: Rng): Omit<FuzzCase, 'index' | 'kind'> {
  const text = stringify(demoManifest());
  const [label, content] = rng.pick(variants(text, rng));
  const manifest = join(dir, 'manifest.yaml');
  writeFileSync(manifest, content);
  const out = join(dir, 'out');
  return {
    label,
    args: ['run', manifest, '--out', out, '--no-pdf'],
    resultsPath: join(out, 'results.json'),
    baseline: 'meas',
  };
}
