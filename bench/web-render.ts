// Viewer bench (issue 10: first PET/CT render of a demo session under 2 s after opening it): the
// built UI (dist/web, rebuilt first when web/ changed) in Debian Chromium (WebGL2 on SwiftShader,
// WEBGL_CHROMIUM_ARGS) against the fake API of test/web/viewer-fixture.ts serving NIfTI bytes of
// synthetic volumes (the CT cropped to its body as the server's display.nii serves it, ct-display.ts:
// 256x256x100 -> 160x160x100 here). Timed in the page from navigation start (performance.now() at 0) to
// window.__iodoseViewer.ready (volumes fetched, parsed, uploaded, first frame drawn) plus one more
// animation frame and a one-pixel readPixels (so the software GPU has finished the frame): what
// the user waits for after opening the seeds page of a session. It includes
// the page's own API calls and the NIfTI transfers over loopback. A fresh browser context per run
// (empty HTTP cache); median of 5 per size.
import { performance } from 'node:perf_hooks';
import type { Vec3 } from '../src/core/volume.ts';
import {
  CHROMIUM_PATH,
  chromiumMissingReason,
  WEBGL_CHROMIUM_ARGS,
} from '../src/report/output/pdf.ts';
import { freshWeb } from '../scripts/fresh-dist.ts';
import { petProfile, sample, startFakeApi, type Geometry } from '../test/web/viewer-fixture.ts';

const RUNS = 5;
const IDENTITY = [1, 0, 0, 0, 1, 0, 0, 0, 1] as const;
const CT_DEMO: Geometry = {
  size: [256, 256, 100],
  spacingMm: [2, 2, 4],
  direction: IDENTITY,
  centerLps: [0, 0, 0],
};
const SIZES: { name: string; pet: Geometry; ct: Geometry }[] = [
  {
    name: 'demo patient grid (PET 128x128x100, CT 256x256x100)',
    pet: { size: [128, 128, 100], spacingMm: [4, 4, 4], direction: IDENTITY, centerLps: [0, 0, 0] },
    ct: CT_DEMO,
  },
  {
    name: 'large (PET 200x200x300 float32, CT 256x256x100)',
    pet: { size: [200, 200, 300], spacingMm: [3, 3, 2], direction: IDENTITY, centerLps: [0, 0, 0] },
    ct: CT_DEMO,
  },
];

/** The few WebGL2 members the bench calls in the page (the root tsconfig has no DOM types). */
interface MiniGl {
  RGBA: number;
  UNSIGNED_BYTE: number;
  readPixels(
    x: number,
    y: number,
    w: number,
    h: number,
    f: number,
    t: number,
    out: Uint8Array,
  ): void;
}
const count = (g: Geometry): number => g.size[0] * g.size[1] * g.size[2];
const hot: Vec3 = [-40, 20, 10];

async function main(): Promise<void> {
  const missing = chromiumMissingReason();
  if (missing !== null) {
    console.log(`web-render bench SKIPPED: ${missing}`);
    return;
  }
  freshWeb();
  const { chromium } = await import('playwright-core');
  const browser = await chromium.launch({
    executablePath: CHROMIUM_PATH,
    args: WEBGL_CHROMIUM_ARGS,
  });
  try {
    for (const size of SIZES) {
      const t0 = performance.now();
      const pet = sample(
        size.pet,
        new Float32Array(count(size.pet)),
        petProfile(hot, 40_000, 8, 1_500),
      );
      const ct = sample(size.ct, new Int16Array(count(size.ct)), (p) =>
        Math.hypot(p[0], p[1]) < 150 ? 0 : -1000,
      );
      const api = await startFakeApi({ pet, ct, mask: null, petRangeBqPerMl: [0, 30_000] });
      const madeMs = performance.now() - t0;
      const samples: number[] = [];
      const phases: Record<string, number>[] = [];
      try {
        for (let run = 0; run < RUNS; run++) {
          const context = await browser.newContext({ viewport: { width: 1400, height: 1000 } });
          const page = await context.newPage();
          page.on('pageerror', (e) => console.error(`page error: ${e.message}`));
          await page.goto(`${api.base}#/tp/7/seeds/3`);
          await page.waitForFunction(
            () => (globalThis as { __iodoseViewer?: object }).__iodoseViewer !== undefined,
            null,
            { polling: 50, timeout: 300_000 },
          );
          const ms = await page.evaluate(async () => {
            const g = globalThis as unknown as {
              __iodoseViewer: { ready: Promise<void> };
              requestAnimationFrame(f: () => void): void;
              document: {
                querySelector(s: string): { getContext(t: 'webgl2'): MiniGl };
              };
            };
            await g.__iodoseViewer.ready;
            await new Promise((resolve) => g.requestAnimationFrame(() => resolve(null)));
            // WebGL calls return before the (software) GPU has run them: read one pixel back so
            // the time includes the rendering itself.
            const gl = g.document
              .querySelector('[data-testid="viewer-canvas"]')
              .getContext('webgl2');
            gl.readPixels(0, 0, 1, 1, gl.RGBA, gl.UNSIGNED_BYTE, new Uint8Array(4));
            const marks: Record<string, number> = { done: performance.now() };
            for (const m of performance.getEntriesByType('mark')) marks[m.name] = m.startTime;
            return marks;
          });
          samples.push(ms['done'] ?? NaN);
          phases.push(ms);
          await context.close();
        }
      } finally {
        await api.close();
      }
      samples.sort((a, b) => a - b);
      const median = samples[Math.floor(samples.length / 2)] ?? NaN;
      const mb = (pet.data.byteLength + ct.data.byteLength) / 1e6;
      console.log(
        `viewer first PET/CT frame, ${size.name}: median ${(median / 1000).toFixed(2)} s over ${RUNS} runs ` +
          `(min ${(samples[0]! / 1000).toFixed(2)}, max ${(samples.at(-1)! / 1000).toFixed(2)}; ${mb.toFixed(0)} MB of voxels; volumes made in ${(madeMs / 1000).toFixed(1)} s, not timed)`,
      );
      const med = (name: string): string => {
        const v = phases.map((p) => p[name] ?? NaN).sort((a, b) => a - b);
        return ((v[Math.floor(v.length / 2)] ?? NaN) / 1000).toFixed(2);
      };
      console.log(
        `  medians from navigation, s: viewer mounted ${med('iodose-viewer:mount')}, volumes fetched+parsed ${med('iodose-viewer:fetched')}, ` +
          `niivue attached ${med('iodose-viewer:attached')}, volumes handed to niivue ${med('iodose-viewer:shown')}, frame done ${med('done')}`,
      );
    }
  } finally {
    await browser.close();
  }
}

await main();
