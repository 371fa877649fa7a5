// Registration bench (issue 9 item 1): a 256 x 256 x 100 CT pair at 2 x 2 x 4 mm (the digital
// trunk phantom of test/imaging/registration/helpers/ct-phantom.ts, the moving one moved by
// 3/-4/5 degrees and (-10, 15, 5) mm), registered by registerRigid with its defaults; prints wall
// and CPU time, peak resident memory and the error against the known motion, then the time of
// resampleRigid of the moving CT onto the fixed grid. Asserts nothing.
//
// Peer (optional): @itk-wasm/elastix is not a dependency. To time it alternately in the same run,
// install it in some folder (npm install @itk-wasm/elastix@1.0.1) and set ELASTIX_DIR to that
// folder; it runs elastix's default rigid map (3 resolutions, Mattes MI, adaptive stochastic
// gradient descent, RandomSeed 1, ComputeZYX true so its angles match ours).
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Vec3, Volume } from '../src/core/volume.ts';
import { registerRigid } from '../src/imaging/registration/register-rigid.ts';
import { resampleRigid } from '../src/imaging/registration/resample-rigid.ts';
import type { RigidTransform } from '../src/imaging/registration/rigid-transform.ts';
import {
  applyRigid,
  composeRigid,
  invertRigid,
  rotationAngleRad,
} from '../src/imaging/registration/rigid-transform.ts';
import {
  PHANTOM_CENTRE,
  PHANTOM_HALF_EXTENT_MM,
  phantomCt,
} from '../test/imaging/registration/helpers/ct-phantom.ts';

const DEGREE = Math.PI / 180;
const REPEATS = 2;
const grid = {
  size: [256, 256, 100] as Vec3,
  spacingMm: [2, 2, 4] as Vec3,
  direction: [1, 0, 0, 0, 1, 0, 0, 0, 1] as const,
};
const motion: RigidTransform = {
  rotationRad: [3 * DEGREE, -4 * DEGREE, 5 * DEGREE],
  translationMm: [-10, 15, 5],
  centreLps: PHANTOM_CENTRE,
};

function errors(found: RigidTransform): string {
  let worst = 0;
  for (let corner = 0; corner < 8; corner++) {
    const p = PHANTOM_CENTRE.map(
      (v, a) => v + (corner & (1 << a) ? 1 : -1) * (PHANTOM_HALF_EXTENT_MM[a] ?? 0),
    ) as unknown as Vec3;
    const a = applyRigid(found, p);
    const b = applyRigid(motion, p);
    worst = Math.max(worst, Math.hypot(a[0] - b[0], a[1] - b[1], a[2] - b[2]));
  }
  const a = applyRigid(found, PHANTOM_CENTRE);
  const b = applyRigid(motion, PHANTOM_CENTRE);
  const centre = Math.hypot(a[0] - b[0], a[1] - b[1], a[2] - b[2]);
  const angle = rotationAngleRad(composeRigid(found, invertRigid(motion))) / DEGREE;
  return `error at body centre ${centre.toFixed(3)} mm, max at box corners ${worst.toFixed(3)} mm, rotation ${angle.toFixed(3)} deg`;
}

function timed<T>(work: () => T): { value: T; wallS: number; cpuS: number } {
  const cpu = process.cpuUsage();
  const start = process.hrtime.bigint();
  const value = work();
  const wallS = Number(process.hrtime.bigint() - start) / 1e9;
  const used = process.cpuUsage(cpu);
  return { value, wallS, cpuS: (used.user + used.system) / 1e6 };
}

type Elastix = (fixed: Volume<Int16Array>, moving: Volume<Int16Array>) => Promise<RigidTransform>;

async function loadElastix(): Promise<Elastix | string> {
  const dir = process.env['ELASTIX_DIR'];
  if (dir === undefined) return 'not run (set ELASTIX_DIR to a folder with @itk-wasm/elastix)';
  const url = (p: string) => pathToFileURL(join(dir, 'node_modules', p)).href;
  const elastix = (await import(url('@itk-wasm/elastix/dist/index-node.js'))) as {
    elastixNode: (p: unknown, o: unknown) => Promise<{ transformParameterObject: unknown }>;
    defaultParameterMapNode: (n: string, o: unknown) => Promise<{ parameterMap: unknown }>;
  };
  const itk = (await import(url('itk-wasm/dist/index-node.js'))) as {
    Image: new (t: unknown) => Record<string, unknown>;
    ImageType: new (d: number, c: string, p: string, n: number) => unknown;
    FloatTypes: { Float32: string };
    PixelTypes: { Scalar: string };
  };
  const image = (v: Volume<Int16Array>) => {
    const im = new itk.Image(
      new itk.ImageType(3, itk.FloatTypes.Float32, itk.PixelTypes.Scalar, 1),
    );
    Object.assign(im, {
      size: [...v.size],
      spacing: [...v.spacingMm],
      origin: [...v.originLps],
      // itk-wasm direction: column-major 3x3 (ITK's matrix stored by columns).
      direction: Float64Array.from(
        [0, 1, 2].flatMap((c) => [0, 1, 2].map((r) => v.direction[3 * r + c] ?? 0)),
      ),
      data: Float32Array.from(v.data),
    });
    return im;
  };
  return async (fixed, moving) => {
    const { parameterMap } = await elastix.defaultParameterMapNode('rigid', {
      numberOfResolutions: 3,
    });
    const map = {
      ...(parameterMap as Record<string, string[]>),
      RandomSeed: ['1'],
      ComputeZYX: ['true'],
    };
    const result = await elastix.elastixNode([map], { fixed: image(fixed), moving: image(moving) });
    const out = (result.transformParameterObject as Record<string, string[]>[])[0] ?? {};
    const p = (out['TransformParameters'] ?? []).map(Number);
    const c = (out['CenterOfRotationPoint'] ?? []).map(Number);
    return {
      rotationRad: [p[0] ?? 0, p[1] ?? 0, p[2] ?? 0],
      translationMm: [p[3] ?? 0, p[4] ?? 0, p[5] ?? 0],
      centreLps: [c[0] ?? 0, c[1] ?? 0, c[2] ?? 0],
    };
  };
}

const made = timed(() => [phantomCt(grid), phantomCt(grid, motion)] as const);
const [fixed, moving] = made.value;
console.log(`phantom CT pair 256x256x100 at 2x2x4 mm made in ${made.wallS.toFixed(1)} s`);
const rssBefore = process.memoryUsage().rss;
const peer = await loadElastix();
for (let repeat = 1; repeat <= REPEATS; repeat++) {
  const ours = timed(() => registerRigid(fixed, moving));
  const r = ours.value;
  console.log(
    `registerRigid #${repeat}: wall ${ours.wallS.toFixed(2)} s, CPU ${ours.cpuS.toFixed(2)} s; ` +
      `${errors(r.transform)}; residual ${r.residualMm?.toFixed(3)} mm; MI ${r.metric.toFixed(4)} nats; ` +
      `evaluations ${r.levels.map((l) => l.evaluations).join('/')}`,
  );
  if (typeof peer === 'string') continue;
  const start = process.hrtime.bigint();
  const theirs = await peer(fixed, moving);
  const wallS = Number(process.hrtime.bigint() - start) / 1e9;
  console.log(
    `elastix #${repeat}:       wall ${wallS.toFixed(2)} s; ${errors(theirs)}; ratio iodose/elastix ${(ours.wallS / wallS).toFixed(2)}`,
  );
}
if (typeof peer === 'string') console.log(`elastix: ${peer}`);
const resampled = timed(() => resampleRigid(moving, fixed, motion, -1000));
console.log(`resampleRigid onto the fixed grid (6.6 M voxels): ${resampled.wallS.toFixed(2)} s`);
const peakMb = process.resourceUsage().maxRSS / 1024;
console.log(
  `peak resident memory of the process ${peakMb.toFixed(0)} MB (${(rssBefore / 2 ** 20).toFixed(0)} MB after making the two CTs; input pair ${((fixed.data.byteLength * 2) / 2 ** 20).toFixed(0)} MB as Int16)`,
);
