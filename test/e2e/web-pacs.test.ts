// The web app's PACS paths end to end: the real `iodose serve` (bin/iodose, dist/) over a fresh
// data folder and a real Orthanc holding the demo patient, driven in Debian Chromium: Settings ->
// add the Orthanc node -> "Test connection" answers -> on a timepoint's import page, search the
// PACS by patient ID -> pick a study, its series ticked -> import with progress -> the sessions
// page, with the session the server proposed; the store then holds the study's series with as
// many instances as Orthanc's own REST API lists. Screenshots: test-artefacts/web-pacs-*.png.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildPatientPhantom } from '../../src/demo/patient-phantom.ts';
import { writePatientPhantom } from '../../src/demo/write-patient-phantom.ts';
import { chromiumMissingReason, CHROMIUM_PATH } from '../../src/report/output/pdf.ts';
import type { PatientSummary, TimepointDetail } from '../../src/server/api-types.ts';
import {
  orthancMissing,
  startOrthanc,
  uploadInstance,
  warnOrthancMissing,
  type OrthancServer,
} from '../helpers/orthanc.ts';
import { tempDir } from '../helpers/temp.ts';

const ROOT = join(import.meta.dirname, '..', '..');
const BIN = join(ROOT, 'bin', 'iodose');
const ARTEFACTS = join(ROOT, 'test-artefacts');
const noChromium = chromiumMissingReason();
if (noChromium !== null)
  console.warn(`\n*** WEB PACS END-TO-END TEST SKIPPED: ${noChromium} ***\n`);
const noOrthanc = orthancMissing();
if (noOrthanc !== null) warnOrthancMissing(noOrthanc);

let server: ChildProcess | null = null;
let base = '';
let browser: Browser | null = null;
let orthanc: OrthancServer | null = null;

/** Starts `iodose serve` on a free port and resolves to its URL. */
async function startServer(data: string): Promise<string> {
  const child = spawn(process.execPath, [BIN, 'serve', '--data', data, '--port', '0'], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  server = child;
  let out = '';
  let err = '';
  child.stderr.on('data', (c: Buffer) => (err += c.toString()));
  return new Promise((done, fail) => {
    const timer = setTimeout(() => fail(new Error(`iodose serve gave no URL: ${err}`)), 30_000);
    child.stdout.on('data', (c: Buffer) => {
      out += c.toString();
      const match = /(http:\/\/127\.0\.0\.1:\d+\/)/.exec(out);
      if (match?.[1] !== undefined) {
        clearTimeout(timer);
        done(match[1]);
      }
    });
  });
}

async function apiCall<T>(method: string, path: string, body?: unknown): Promise<T> {
  const response = await fetch(`${base}api${path}`, {
    method,
    ...(body === undefined
      ? {}
      : { body: JSON.stringify(body), headers: { 'content-type': 'application/json' } }),
  });
  if (!response.ok)
    throw new Error(`${method} ${path}: ${response.status} ${await response.text()}`);
  return (await response.json()) as T;
}

describe.skipIf(noChromium !== null || noOrthanc !== null)('PACS in the web app (Chromium)', () => {
  beforeAll(async () => {
    const folder = tempDir('iodose-e2e-pacs-');
    mkdirSync(ARTEFACTS, { recursive: true });
    orthanc = await startOrthanc();
    const written = writePatientPhantom(join(folder, 'patient'), buildPatientPhantom());
    for (const session of Object.values(written.series)) {
      for (const series of [session.pet, session.ct]) {
        for (const file of series.files) {
          await uploadInstance(orthanc, readFileSync(join(series.folder, file)));
        }
      }
    }
    base = await startServer(join(folder, 'data'));
    browser = await chromium.launch({ executablePath: CHROMIUM_PATH });
  }, 240_000);

  afterAll(async () => {
    await browser?.close();
    server?.kill('SIGTERM');
    await orthanc?.stop();
  });

  it('settings -> add node -> test -> search -> import -> sessions proposed', async () => {
    const page = await browser!.newPage({ viewport: { width: 1400, height: 1000 } });
    const pageErrors: string[] = [];
    page.on('pageerror', (error) => pageErrors.push(error.message));
    const patient = await apiCall<PatientSummary>('POST', '/patients', { code: 'PHANTOM-01' });
    const tp = await apiCall<TimepointDetail>('POST', `/patients/${patient.id}/timepoints`, {
      label: 'baseline',
    });

    await page.goto(base);
    await page.getByTestId('nav-settings').click();
    await page.getByLabel('Name').fill('Orthanc');
    await page.getByLabel('URL').fill(orthanc!.dicomWebUrl);
    await page.getByTestId('pacs-add').click();
    await page.getByTestId('pacs-node').waitFor();
    await page.getByTestId('pacs-echo').click();
    await expect
      .poll(() => page.getByTestId('pacs-echo-result').textContent())
      .toMatch(/answers \(\d+ ms\)/);
    await page.screenshot({ path: join(ARTEFACTS, 'web-pacs-settings.png'), fullPage: true });

    await page.goto(`${base}#/tp/${tp.id}/import`);
    await page.getByTestId('pacs-patient-id').fill('PHANTOM-01');
    await page.getByTestId('pacs-search').click();
    await expect.poll(() => page.getByTestId('pacs-study').count()).toBe(2);
    await page.getByTestId('pacs-study-pick').first().click();
    await expect.poll(() => page.getByTestId('pacs-series-pick').count()).toBe(2);
    await page.screenshot({ path: join(ARTEFACTS, 'web-pacs-search.png'), fullPage: true });
    await page.getByTestId('pacs-import').click();
    await page.waitForURL(/#\/tp\/\d+\/sessions$/, { timeout: 120_000 });
    await page.screenshot({ path: join(ARTEFACTS, 'web-pacs-sessions.png'), fullPage: true });

    const detail = await apiCall<TimepointDetail>('GET', `/timepoints/${tp.id}`);
    expect(detail.series).toHaveLength(2);
    expect(detail.sessions).toHaveLength(1);
    const study = detail.series[0]?.studyInstanceUid ?? '';
    const found = await fetch(`${orthanc!.httpUrl}/tools/find`, {
      method: 'POST',
      body: JSON.stringify({ Level: 'Series', Query: { StudyInstanceUID: study }, Expand: true }),
    });
    const orthancSeries = new Map(
      (
        (await found.json()) as {
          MainDicomTags: { SeriesInstanceUID: string };
          Instances: string[];
        }[]
      ).map((s) => [s.MainDicomTags.SeriesInstanceUID, s.Instances.length]),
    );
    expect(new Map(detail.series.map((s) => [s.seriesInstanceUid, s.instanceCount]))).toEqual(
      orthancSeries,
    );
    expect(pageErrors).toEqual([]);
  }, 240_000);
});
