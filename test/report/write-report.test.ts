import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import {
  chromiumAvailable,
  chromiumMissingReason,
  renderPdf,
} from '../../src/report/output/pdf.ts';
import { toSafeJson } from '../../src/report/json-safe.ts';
import { writeReports } from '../../src/report/output/write-report.ts';
import { makeResults } from './fixture.ts';

const dirs: string[] = [];
function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'iodose-report-test-'));
  dirs.push(dir);
  return dir;
}
afterAll(() => dirs.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

const noChromium = chromiumMissingReason();
if (noChromium !== null) {
  console.warn(`\n*** PDF TEST SKIPPED: ${noChromium} ***\n`);
}

describe('writing the reports', () => {
  it('writes results.json (strict JSON) and report.html without a PDF when asked not to', async () => {
    const out = join(tempDir(), 'nested', 'out');
    const written = await writeReports(makeResults(), out, { pdf: false });
    expect(written.reportPdf).toBeNull();
    expect(written.notes).toEqual([]);
    const text = readFileSync(written.resultsJson, 'utf8');
    expect(text).not.toMatch(/Infinity|NaN/);
    const parsed = JSON.parse(text) as { lesions: { id: string }[] };
    expect(parsed.lesions.map((lesion) => lesion.id)).toEqual(['L1', 'L2']);
    expect(readFileSync(written.reportHtml, 'utf8')).toMatch(/^<!DOCTYPE html>/);
  });

  it('turns any non-finite number into null and says where', () => {
    const results = makeResults();
    const broken = { ...results, therapy: { ...results.therapy, maxLesionDoseGy: Infinity } };
    (broken.lesions[0] as { volumeMl: number }).volumeMl = Number.NaN;
    const { text, nonFinitePaths } = toSafeJson(broken);
    expect(nonFinitePaths).toEqual(['$.lesions[0].volumeMl', '$.therapy.maxLesionDoseGy']);
    expect(text).not.toMatch(/Infinity|NaN/);
    expect(JSON.parse(text).therapy.maxLesionDoseGy).toBeNull();
  });

  it.skipIf(!chromiumAvailable())(
    'prints an A4 PDF of several pages through Chromium',
    async () => {
      const written = await writeReports(makeResults(), tempDir());
      expect(written.notes).toEqual([]);
      expect(written.reportPdf).not.toBeNull();
      const pdf = readFileSync(written.reportPdf ?? '');
      expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
      expect(statSync(written.reportPdf ?? '').size).toBeGreaterThan(20_000);
      const pages = pdf.toString('latin1').match(/\/Type\s*\/Page[^s]/g) ?? [];
      expect(pages.length).toBeGreaterThan(1);
      // A4 portrait media box: 595 x 842 pt
      expect(pdf.toString('latin1')).toMatch(
        /\/MediaBox\s*\[\s*0 0 59[45]\.?\d* 84[12]\.?\d*\s*\]/,
      );
    },
    60_000,
  );

  it('returns a reason instead of throwing when the PDF cannot be written', async () => {
    const blocker = join(tempDir(), 'a-file');
    writeFileSync(blocker, 'not a folder');
    const target = join(blocker, 'report.pdf');
    const result = await renderPdf('<p>x</p>', target);
    expect(result.written).toBe(false);
    expect(result.reason).toMatch(/^no PDF: /);
  });
});
