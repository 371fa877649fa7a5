// The PET/CT viewer (web/src/viewer, niivue, WebGL2 on SwiftShader) in Debian Chromium on the
// built UI (dist/web, rebuilt by the global setup when web/ changed) against a fake API
// (viewer-fixture.ts, not the real server). A synthetic session: a Gaussian hot spot at a known
// LPS point off the centre (analytic PET values), a CT with a 30 HU ball there in -1000 HU air
// around a 0 HU body; one case with an oblique PET grid, one with a flipped PET and no CT. For
// each: the readout at the hot spot (goTo) names the right LPS and Bq/mL, a click at
// lpsToCanvas(hot spot) in each plane sends a seed PUT within half a PET voxel of it, and the
// VOI mask appears as an overlay (screenshots test-artefacts/web-viewer-*.png).
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { Mat3, Vec3 } from '../../src/core/volume.ts';
import {
  chromiumMissingReason,
  CHROMIUM_PATH,
  WEBGL_CHROMIUM_ARGS,
} from '../../src/report/output/pdf.ts';
import {
  dist,
  petProfile,
  sample,
  startFakeApi,
  type FakeApi,
  type Geometry,
} from './viewer-fixture.ts';
import { decodePngWithPython, hasPython } from '../helpers/external-tools.ts';
import type { Page } from 'playwright-core';

const ARTEFACTS = join(import.meta.dirname, '..', '..', 'test-artefacts');
const noChromium = chromiumMissingReason();
if (noChromium !== null) console.warn(`\n*** WEB VIEWER TEST SKIPPED: ${noChromium} ***\n`);

const HOT_LPS: Vec3 = [-31, 22, 14];
const PEAK = 40_000;
const BG = 1_500;
const SIGMA_MM = 7;
const pet = petProfile(HOT_LPS, PEAK, SIGMA_MM, BG);
const ct = (p: Vec3): number => {
  if (dist(p, HOT_LPS) < 12) return 30;
  if (Math.hypot(p[0], p[1] - 60) < 12) return 700; // a spine
  if (Math.hypot(Math.abs(p[0]) - 40, p[1]) < 22) return -850; // two lungs
  // A body of 70 mm radius in the 200 mm field: the viewer gets the CT cropped to it
  // (ct-display.ts, as the server's display.nii), and the CT-grid mask must still land right.
  return Math.hypot(p[0], p[1] - 10) < 70 ? 0 : -1000;
};

function rotation(zRad: number, xRad: number): Mat3 {
  const [cz, sz, cx, sx] = [Math.cos(zRad), Math.sin(zRad), Math.cos(xRad), Math.sin(xRad)];
  const rz = [cz, -sz, 0, sz, cz, 0, 0, 0, 1];
  const rx = [1, 0, 0, 0, cx, -sx, 0, sx, cx];
  const m: number[] = [];
  for (let r = 0; r < 3; r++)
    for (let c = 0; c < 3; c++)
      m.push([0, 1, 2].reduce((s, n) => s + rz[3 * r + n]! * rx[3 * n + c]!, 0));
  return m as unknown as Mat3;
}

const CT_GRID: Geometry = {
  size: [80, 80, 50],
  spacingMm: [2.5, 2.5, 3],
  direction: [1, 0, 0, 0, 1, 0, 0, 0, 1],
  centerLps: [0, 10, 0],
};
const CASES: { name: string; pet: Geometry; withCt: boolean }[] = [
  { name: 'axial', withCt: true, pet: { ...CT_GRID, size: [48, 48, 36], spacingMm: [4, 4, 4] } },
  {
    name: 'oblique',
    withCt: true,
    pet: { ...CT_GRID, size: [48, 48, 36], spacingMm: [4, 4, 4], direction: rotation(0.35, 0.2) },
  },
  {
    name: 'flipped-no-ct',
    withCt: false,
    pet: {
      ...CT_GRID,
      size: [44, 40, 32],
      spacingMm: [4, 4.5, 5],
      direction: [-1, 0, 0, 0, 1, 0, 0, 0, -1],
    },
  },
];

/** window.__iodoseViewer as this test uses it (web/src/viewer/types.ts ViewerTestHook; the
 *  root tsconfig has no DOM types, so it is restated here). */
interface W {
  __iodoseViewer?: {
    ready: Promise<void>;
    crosshairLps(): number[];
    crosshairInfo(): { pointLps: number[]; petBqPerMl: number | null; ctHu: number | null };
    screenToLps(pageX: number, pageY: number): number[] | null;
    lpsToCanvas(p: number[], plane?: string): { x: number; y: number } | null;
    voiUrl(): string | null;
    ctMaskUrl(): string | null;
  };
}

/** The RGB of the screen pixel where an LPS point falls in the axial tile (PNG read by python). */
async function pixelAt(page: Page, p: Vec3): Promise<number[]> {
  const at = await page.evaluate(
    (q) => (globalThis as unknown as W).__iodoseViewer!.lpsToCanvas(q, 'axial'),
    [...p],
  );
  const png = await page.screenshot({
    clip: { x: Math.round(at!.x), y: Math.round(at!.y), width: 1, height: 1 },
  });
  return [...decodePngWithPython(png).rgb.subarray(0, 3)];
}

/**
 * The CT region overlay (cyan, CT grid): hiding the PET VOI, the pixel 6 mm inside the region's
 * 12 mm radius turns bluer when the CT region is shown and back when it is hidden; a pixel 20 mm
 * out does not change. So niivue draws the CT-grid mask where its voxels are.
 */
async function checkCtOverlay(page: Page): Promise<void> {
  await page.waitForFunction(
    () => (globalThis as unknown as W).__iodoseViewer?.ctMaskUrl() !== null,
  );
  expect(await page.getByTestId('voi-ct-ml').textContent()).toBe('7.2 mL');
  expect(await page.getByTestId('voi-ct-warnings').textContent()).toBe('a CT warning');
  expect(await page.getByTestId('voi-warnings').textContent()).toBe('No warnings.');
  if (!hasPython()) {
    console.warn('SKIPPED the CT overlay pixel check: /usr/bin/python3 with zlib is missing');
    return;
  }
  const inside: Vec3 = [HOT_LPS[0], HOT_LPS[1] + 6, HOT_LPS[2]];
  const outside: Vec3 = [HOT_LPS[0], HOT_LPS[1] - 20, HOT_LPS[2]];
  await page.getByTestId('overlay-voi').uncheck();
  await page.waitForTimeout(300);
  const on = [await pixelAt(page, inside), await pixelAt(page, outside)];
  await page.getByTestId('overlay-ct').uncheck();
  await page.waitForTimeout(300);
  expect(await page.evaluate(() => (globalThis as unknown as W).__iodoseViewer!.ctMaskUrl())).toBe(
    null,
  );
  const off = [await pixelAt(page, inside), await pixelAt(page, outside)];
  console.log(
    `CT overlay pixels (inside, outside) on ${JSON.stringify(on)} off ${JSON.stringify(off)}`,
  );
  expect(on[0]![2]! - off[0]![2]!).toBeGreaterThan(20);
  for (let c = 0; c < 3; c++) expect(Math.abs(on[1]![c]! - off[1]![c]!)).toBeLessThanOrEqual(2);
  await page.getByTestId('overlay-voi').check();
  await page.getByTestId('overlay-ct').check();
}

let api: FakeApi | null = null;
afterAll(async () => api?.close());

describe.skipIf(noChromium !== null)('the PET/CT viewer in Chromium', () => {
  for (const c of CASES) {
    it(`${c.name}: readout at the hot spot, click picks, VOI overlay`, async () => {
      const petVolume = sample(
        c.pet,
        new Float32Array(c.pet.size[0] * c.pet.size[1] * c.pet.size[2]),
        pet,
      );
      const mask = sample(c.pet, new Uint8Array(petVolume.data.length), (p) =>
        pet(p) > BG + PEAK / 5 ? 1 : 0,
      );
      const ctVolume = c.withCt ? sample(CT_GRID, new Int16Array(80 * 80 * 50), ct) : null;
      const ctMask = c.withCt
        ? sample(CT_GRID, new Uint8Array(80 * 80 * 50), (p) => (dist(p, HOT_LPS) < 12 ? 1 : 0))
        : null;
      await api?.close();
      api = await startFakeApi({
        pet: petVolume,
        ct: ctVolume,
        mask,
        ctMask,
        petRangeBqPerMl: [0, 30_000],
      });
      const { chromium } = await import('playwright-core');
      const browser = await chromium.launch({
        executablePath: CHROMIUM_PATH,
        args: WEBGL_CHROMIUM_ARGS,
      });
      try {
        const page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
        const errors: string[] = [];
        page.on('pageerror', (e) => errors.push(e.message));
        await page.goto(`${api.base}#/tp/7/seeds/3`);
        await page.waitForFunction(() => (globalThis as unknown as W).__iodoseViewer !== undefined);
        await page.evaluate(() => (globalThis as unknown as W).__iodoseViewer?.ready);
        expect(await page.getByTestId('pet-colorbar-max').textContent()).toBe('30000 Bq/mL');
        if (c.withCt) {
          // The controls: a preset fills level/width; a PET range relabels the colour bar.
          await page.getByTestId('ct-preset').selectOption('lung');
          expect(await page.getByTestId('ct-level').inputValue()).toBe('-600');
          expect(await page.getByTestId('ct-width').inputValue()).toBe('1500');
          await page.getByTestId('ct-preset').selectOption('soft tissue');
          await page.getByTestId('pet-max').fill('45000');
          await page.getByTestId('pet-max').dispatchEvent('change');
          expect(await page.getByTestId('pet-colorbar-max').textContent()).toBe('45000 Bq/mL');
        }

        // goTo the hot spot through the page's typed-coordinates form (handle.goTo), then read.
        // That form also places the seed; the click below moves it.
        for (const [n, axis] of (['x', 'y', 'z'] as const).entries())
          await page.getByTestId(`lps-${axis}`).fill(String(HOT_LPS[n]));
        await page.getByTestId('lps-submit').click();
        await expect.poll(() => api?.seedPuts.length).toBe(1);
        const info = await page.evaluate(() =>
          (globalThis as unknown as W).__iodoseViewer!.crosshairInfo(),
        );
        expect(dist(info.pointLps, HOT_LPS)).toBeLessThan(1e-3);
        // The nearest PET voxel centre to HOT_LPS, by the test's own geometry: the readout
        // must equal the analytic profile there (float32 storage: relative 1e-6).
        const nearest = nearestVoxelCentre(petVolume, HOT_LPS);
        expect(Math.abs(info.petBqPerMl! - pet(nearest)) / pet(nearest)).toBeLessThan(1e-6);
        if (c.withCt) expect(info.ctHu).toBe(30);
        else expect(info.ctHu).toBeNull();
        const text = await page.getByTestId('crosshair').textContent();
        expect(text).toBe(
          `crosshair LPS ${HOT_LPS.map((v) => v.toFixed(1)).join(', ')} mm · PET ${Number(pet(nearest).toPrecision(3))} Bq/mL · CT ${c.withCt ? '30 HU' : '-'}`,
        );

        // Clicks: at the hot spot in each plane, the PUT carries it within half a PET voxel.
        const half = Math.min(...c.pet.spacingMm) / 2;
        for (const plane of ['axial', 'coronal', 'sagittal'] as const) {
          const before = api.seedPuts.length;
          const at = await page.evaluate(
            ({ p, pl }) => (globalThis as unknown as W).__iodoseViewer!.lpsToCanvas(p, pl),
            { p: [...HOT_LPS], pl: plane },
          );
          expect(at).not.toBeNull();
          await page.mouse.click(at!.x, at!.y);
          await expect.poll(() => api?.seedPuts.length).toBe(before + 1);
          const put = api.seedPuts.at(-1)!;
          expect(put.url).toBe('/api/lesions/11/seeds/3');
          expect(
            dist(put.body.pointLps, HOT_LPS),
            `${plane} pick ${put.body.pointLps}`,
          ).toBeLessThan(half);
          // The crosshair moved to the clicked point (niivue's own click handling, which reads
          // MouseEvent's whole-pixel clientX/Y: within one screen pixel of the pick).
          const { cross, pixelMm } = await page.evaluate(
            ({ x, y }) => {
              const hook = (globalThis as unknown as W).__iodoseViewer!;
              const a = hook.screenToLps(x, y)!;
              const b = hook.screenToLps(x + 1, y + 1)!;
              return {
                cross: hook.crosshairLps(),
                pixelMm: Math.hypot(...a.map((v, n) => v - b[n]!)),
              };
            },
            { x: at!.x, y: at!.y },
          );
          expect(pixelMm).toBeGreaterThan(0);
          expect(dist(cross, put.body.pointLps)).toBeLessThanOrEqual(pixelMm);
        }
        // A point off the hot spot: the pick is that point, not the old crosshair.
        const off: Vec3 = [HOT_LPS[0] + 20, HOT_LPS[1] - 12, HOT_LPS[2]];
        const atOff = await page.evaluate(
          (p) => (globalThis as unknown as W).__iodoseViewer!.lpsToCanvas(p, 'axial'),
          [...off],
        );
        const before = api.seedPuts.length;
        await page.mouse.click(atOff!.x, atOff!.y);
        await expect.poll(() => api?.seedPuts.length).toBe(before + 1);
        expect(dist(api.seedPuts.at(-1)!.body.pointLps, off)).toBeLessThan(half);

        // The page asks for the VOI after every seed and shows its mask.
        await page.waitForFunction(
          () => (globalThis as unknown as W).__iodoseViewer?.voiUrl() !== null,
        );
        await expect.poll(() => page.getByTestId('voi-table').count()).toBe(1);
        for (const [n, axis] of (['x', 'y', 'z'] as const).entries())
          await page.getByTestId(`lps-${axis}`).fill(String(HOT_LPS[n]));
        await page.getByTestId('lps-submit').click();
        await expect.poll(() => api?.seedPuts.length).toBe(before + 2);
        await page.waitForTimeout(300);
        if (c.withCt) await checkCtOverlay(page);
        await page.waitForTimeout(300);
        mkdirSync(ARTEFACTS, { recursive: true });
        const shot = join(ARTEFACTS, `web-viewer-${c.name}.png`);
        await page.screenshot({ path: shot, fullPage: true });
        console.log(`screenshot: ${shot}`);
        expect(errors).toEqual([]);
      } finally {
        await browser.close();
      }
    });
  }

  it('a PET that does not load: the viewer says so in the page and ready rejects', async () => {
    const g = CASES[0]!.pet;
    const petVolume = sample(g, new Float32Array(g.size[0] * g.size[1] * g.size[2]), pet);
    await api?.close();
    api = await startFakeApi({
      pet: petVolume,
      ct: null,
      mask: null,
      petRangeBqPerMl: [0, 1],
      petMissing: true,
    });
    const { chromium } = await import('playwright-core');
    const browser = await chromium.launch({
      executablePath: CHROMIUM_PATH,
      args: WEBGL_CHROMIUM_ARGS,
    });
    try {
      const page = await browser.newPage();
      await page.goto(`${api.base}#/tp/7/seeds/3`);
      await page.waitForFunction(() => (globalThis as unknown as W).__iodoseViewer !== undefined);
      const outcome = await page.evaluate(() =>
        (globalThis as unknown as W).__iodoseViewer!.ready.then(
          () => 'resolved',
          (e: unknown) => `rejected: ${String(e)}`,
        ),
      );
      expect(outcome).toMatch(/^rejected/);
      const status = page.getByTestId('viewer-status');
      expect(await status.getAttribute('role')).toBe('alert');
      const said = (await status.textContent()) ?? '';
      console.log(`viewer error shown: ${said}`);
      expect(said).toBe('The viewer could not load pet24 (api/series/1/volume.nii): Not Found');
    } finally {
      await browser.close();
    }
  });
});

/** The LPS centre of the PET voxel nearest to p (brute force over the grid, the test's own). */
function nearestVoxelCentre(
  v: { size: Vec3; spacingMm: Vec3; originLps: Vec3; direction: Mat3 },
  p: Vec3,
): Vec3 {
  let best: Vec3 = v.originLps;
  let bestD = Infinity;
  const d = v.direction;
  for (let k = 0; k < v.size[2]; k++)
    for (let j = 0; j < v.size[1]; j++)
      for (let i = 0; i < v.size[0]; i++) {
        const s = [i * v.spacingMm[0], j * v.spacingMm[1], k * v.spacingMm[2]];
        const q = [0, 1, 2].map(
          (r) =>
            v.originLps[r]! + d[3 * r]! * s[0]! + d[3 * r + 1]! * s[1]! + d[3 * r + 2]! * s[2]!,
        ) as unknown as Vec3;
        const e = dist(q, p);
        if (e < bestD) [best, bestD] = [q, e];
      }
  return best;
}
