// The built UI (dist/web) in Debian Chromium against a small in-test fake of the API - NOT the
// real server (h-server's `iodose serve`; the full flow is test/e2e/web-app.test.ts once it
// exists). Checks what is the UI's own: the bundle loads from dist/web, the patient list and the
// empty-store demo offer render, and a 400 ApiError is shown next to the field it names.
import { createServer, type Server } from 'node:http';
import { mkdirSync, readFileSync } from 'node:fs';
import { extname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  chromiumMissingReason,
  CHROMIUM_ARGS,
  CHROMIUM_PATH,
} from '../../src/report/output/pdf.ts';
import { sig3 as cliSig3, summaryLines } from '../../src/cli/summary.ts';
import { makeResults } from '../report/fixture.ts';

const ROOT = join(import.meta.dirname, '..', '..');
const WEB = join(ROOT, 'dist', 'web');
const ARTEFACTS = join(ROOT, 'test-artefacts');
const noChromium = chromiumMissingReason();
if (noChromium !== null) console.warn(`\n*** WEB UI TEST SKIPPED: ${noChromium} ***\n`);

const TYPES: Record<string, string> = {
  '.html': 'text/html',
  '.js': 'text/javascript',
  '.css': 'text/css',
};
let server: Server;
let base = '';
const posted: unknown[] = [];
const results = makeResults();
const run = {
  id: 1,
  timepointId: 7,
  createdAtUtc: '2026-12-03T08:00:00Z',
  version: '0.1.0',
  inputsSha256: 'ab'.repeat(32),
  decision: results.therapy.decision,
  reviewed: false,
  results,
  files: ['report.html', 'results.json'],
  notes: [],
  review: null,
};
const timepoint = {
  id: 7,
  patientId: 1,
  patientCode: 'PT-001',
  label: 'baseline',
  state: 'run',
  missing: [],
};
const FIXED: Record<string, unknown> = {
  '/api/runs/1': run,
  '/api/timepoints/7': timepoint,
  '/api/audit': [],
};

beforeAll(async () => {
  server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://x');
    if (url.pathname === '/api/patients' && req.method === 'GET') {
      res.setHeader('content-type', 'application/json');
      res.end('[]');
      return;
    }
    if (FIXED[url.pathname] !== undefined) {
      res.setHeader('content-type', 'application/json');
      res.end(JSON.stringify(FIXED[url.pathname]));
      return;
    }
    if (url.pathname === '/api/patients' && req.method === 'POST') {
      let body = '';
      req.on('data', (c: Buffer) => (body += c.toString()));
      req.on('end', () => {
        posted.push(JSON.parse(body));
        res.statusCode = 400;
        res.setHeader('content-type', 'application/json');
        res.end(
          JSON.stringify({
            error: 'patient.id: a pseudonymous code without spaces expected (not a name)',
            field: 'code',
            expected: 'a pseudonymous code without spaces',
            hint: 'not a name',
          }),
        );
      });
      return;
    }
    const file = join(WEB, url.pathname === '/' ? 'index.html' : url.pathname);
    try {
      const bytes = readFileSync(file);
      res.setHeader('content-type', TYPES[extname(file)] ?? 'application/octet-stream');
      res.end(bytes);
    } catch {
      res.statusCode = 404;
      res.end();
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  base = `http://127.0.0.1:${typeof address === 'object' && address !== null ? address.port : 0}/`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

describe.skipIf(noChromium !== null)('the web UI on a fake API', () => {
  it('offers the demo on an empty store and shows an ApiError at its field', async () => {
    const { chromium } = await import('playwright-core');
    const browser = await chromium.launch({
      executablePath: CHROMIUM_PATH,
      args: CHROMIUM_ARGS,
    });
    try {
      const page = await browser.newPage();
      const errors: string[] = [];
      page.on('pageerror', (e) => errors.push(e.message));
      await page.goto(base);
      await page.getByTestId('demo-offer').waitFor();
      expect(await page.getByTestId('demo-import').textContent()).toBe('Import the demo patient');
      await page.getByTestId('new-patient-code').fill('Jane Doe');
      await page.getByLabel('Height (cm)').fill('168');
      await page.getByTestId('new-patient-submit').click();
      const slot = page.locator('[data-error-for="code"] [data-testid="field-error"]');
      await slot.waitFor();
      expect(await slot.textContent()).toBe(
        'patient.id: a pseudonymous code without spaces expected (not a name)',
      );
      expect(await page.getByTestId('new-patient-code').getAttribute('aria-invalid')).toBe('true');
      expect(posted).toEqual([{ code: 'Jane Doe', sex: null, heightCm: 168 }]);
      mkdirSync(ARTEFACTS, { recursive: true });
      const shot = join(ARTEFACTS, 'web-fake-api-patients.png');
      await page.screenshot({ path: shot, fullPage: true });
      console.log(`screenshot: ${shot}`);
      expect(errors).toEqual([]);

      // The results page: the decision first, the CLI's words and digits in the lesion table.
      await page.goto(`${base}#/runs/1`);
      await page.getByTestId('lesion-table').waitFor();
      const first = await page.locator('.page section.card').first().getAttribute('data-testid');
      expect(first).toBe('decision-card');
      expect(await page.getByTestId('decision').textContent()).toBe(
        results.therapy.decision.toUpperCase(),
      );
      const cli = summaryLines(results).join('\n');
      for (const lesion of results.lesions) {
        const cell = await page
          .locator(`tr[data-lesion="${lesion.id}"] td[data-col="dose-per-gbq"]`)
          .textContent();
        const expected = `${cliSig3(lesion.doseGyPerGBq)} ± ${cliSig3(lesion.doseSigmaGyPerGBq)}`;
        expect(cell).toBe(expected);
        expect(cli).toContain(expected);
      }
      const results_shot = join(ARTEFACTS, 'web-fake-api-results.png');
      await page.screenshot({ path: results_shot, fullPage: true });
      console.log(`screenshot: ${results_shot}`);
      expect(errors).toEqual([]);
    } finally {
      await browser.close();
    }
  });
});
