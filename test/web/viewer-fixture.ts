// A synthetic PET/CT session and a small fake of the API routes the seeds page and the viewer use
// (test/web/viewer.test.ts and bench/web-render.ts). Not the real server: it serves dist/web, one
// timepoint (7) with one session (3) and one lesion (11, "L1"), the session's SessionView, the
// NIfTI bytes of the volumes (src/io/nifti/write-nifti.ts, as the server's volume.nii route) and
// a VOI preview whose mask is a NIfTI on the PET grid. Seeds PUT are recorded.
import { createServer, type Server, type ServerResponse } from 'node:http';
import { readFileSync } from 'node:fs';
import { extname, join } from 'node:path';
import type { Mat3, Vec3, Volume } from '../../src/core/volume.ts';
import { niftiBytes } from '../../src/io/nifti/write-nifti.ts';
import { cropToBody } from '../../src/server/ct-display.ts';
import type { PointLps, SessionView } from '../../src/server/api-types.ts';

export const WEB = join(import.meta.dirname, '..', '..', 'dist', 'web');

export interface Geometry {
  size: Vec3;
  spacingMm: Vec3;
  direction: Mat3;
  /** The LPS point the grid is centred on. */
  centerLps: Vec3;
}

/** LPS of voxel (i, j, k): origin + D diag(spacing) ijk (src/core/volume.ts), written out. */
export function voxelLps(g: Geometry, origin: Vec3, i: number, j: number, k: number): Vec3 {
  const v = [i * g.spacingMm[0], j * g.spacingMm[1], k * g.spacingMm[2]];
  const d = g.direction;
  return [0, 1, 2].map(
    (r) => origin[r]! + d[3 * r]! * v[0]! + d[3 * r + 1]! * v[1]! + d[3 * r + 2]! * v[2]!,
  ) as unknown as Vec3;
}

/** The origin that puts the grid's middle voxel position at centerLps. */
export function originOf(g: Geometry): Vec3 {
  const half = voxelLps(
    g,
    [0, 0, 0],
    (g.size[0] - 1) / 2,
    (g.size[1] - 1) / 2,
    (g.size[2] - 1) / 2,
  );
  return [0, 1, 2].map((a) => g.centerLps[a]! - half[a]!) as unknown as Vec3;
}

/** Samples fn(LPS) at every voxel centre. */
export function sample<D extends Float32Array | Int16Array | Uint8Array>(
  g: Geometry,
  data: D,
  fn: (p: Vec3) => number,
): Volume<D> {
  const origin = originOf(g);
  const [nx, ny, nz] = g.size;
  for (let k = 0; k < nz; k++)
    for (let j = 0; j < ny; j++)
      for (let i = 0; i < nx; i++) data[i + nx * (j + ny * k)] = fn(voxelLps(g, origin, i, j, k));
  return { size: g.size, spacingMm: g.spacingMm, originLps: origin, direction: g.direction, data };
}

export const dist = (a: readonly number[], b: readonly number[]): number =>
  Math.hypot(a[0]! - b[0]!, a[1]! - b[1]!, a[2]! - b[2]!);

/** The PET: a Gaussian hot spot on a flat background, Bq/mL (analytic, so the test knows it). */
export function petProfile(
  centerLps: Vec3,
  peakBqPerMl: number,
  sigmaMm: number,
  bgBqPerMl: number,
) {
  return (p: readonly number[]): number =>
    bgBqPerMl + peakBqPerMl * Math.exp(-(dist(p, centerLps) ** 2) / (2 * sigmaMm * sigmaMm));
}

export interface Session {
  pet: Volume<Float32Array>;
  ct: Volume<Int16Array> | null;
  mask: Volume<Uint8Array> | null;
  /** The CT region's mask (CT grid), served as ct-mask.nii; none when absent. */
  ctMask?: Volume<Uint8Array> | null;
  petRangeBqPerMl: [number, number];
  /** Serve the PET volume as a 404 ApiError (the error path). */
  petMissing?: boolean;
}

export interface FakeApi {
  base: string;
  seedPuts: { url: string; body: { pointLps: PointLps } }[];
  close(): Promise<void>;
}

const TYPES: Record<string, string> = {
  '.html': 'text/html',
  '.js': 'text/javascript',
  '.css': 'text/css',
};

function detail(seed: PointLps | null): unknown {
  return {
    id: 7,
    patientId: 1,
    patientCode: 'PT-VIEW',
    label: 'baseline',
    state: seed ? 'seeded' : 'imported',
    weightKg: null,
    diffuseLungMetastases: false,
    tracer: null,
    therapy: null,
    settings: null,
    overrides: null,
    recovery: null,
    series: [],
    blood: [],
    wholeBody: [],
    runs: [],
    missing: [],
    sessions: [
      { id: 3, label: 'pet24', petSeriesId: 1, ctSeriesId: 2, hoursAfterAdministration: 24 },
    ],
    lesions: [
      {
        id: 11,
        label: 'L1',
        site: 'neck',
        volumeMl: null,
        seeds: seed ? [{ sessionId: 3, pointLps: seed }] : [],
      },
    ],
  };
}

/** Serves dist/web and the fake API on 127.0.0.1 (a free port). */
export async function startFakeApi(session: Session): Promise<FakeApi> {
  const pet = session.petMissing === true ? null : niftiBytes(session.pet);
  // The CT as the server's display.nii serves it to the viewer: cropped to the body.
  const ct = session.ct === null ? null : niftiBytes(cropToBody(session.ct));
  const mask = session.mask === null ? null : niftiBytes(session.mask);
  const ctMask = session.ctMask == null ? null : niftiBytes(session.ctMask);
  const view: SessionView = {
    sessionId: 3,
    label: 'pet24',
    petUrl: 'api/series/1/volume.nii',
    ctUrl: ct === null ? null : 'api/series/2/volume.nii',
    petRangeBqPerMl: session.petRangeBqPerMl,
    petGrid: {
      size: [...session.pet.size],
      spacingMm: [...session.pet.spacingMm],
      originLps: [...session.pet.originLps],
      direction: [...session.pet.direction],
    },
  };
  let seed: PointLps | null = null;
  const seedPuts: FakeApi['seedPuts'] = [];
  const json = (res: ServerResponse, value: unknown): void => {
    res.setHeader('content-type', 'application/json');
    res.end(JSON.stringify(value));
  };
  const server: Server = createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://x').pathname;
    if (path === '/api/timepoints/7') return json(res, detail(seed));
    if (path === '/api/sessions/3/view') return json(res, view);
    const nifti = {
      '/api/series/1/volume.nii': pet,
      '/api/series/2/volume.nii': ct,
      '/api/lesions/11/voi/3/mask.nii': mask,
      '/api/lesions/11/voi/3/ct-mask.nii': ctMask,
    }[path];
    if (nifti) {
      res.setHeader('content-type', 'application/octet-stream');
      return void res.end(nifti);
    }
    if (path === '/api/lesions/11/seeds/3' && req.method === 'PUT') {
      let body = '';
      req.on('data', (c: Buffer) => (body += c.toString()));
      req.on('end', () => {
        const parsed = JSON.parse(body) as { pointLps: PointLps };
        seedPuts.push({ url: path, body: parsed });
        seed = parsed.pointLps;
        json(res, detail(seed));
      });
      return;
    }
    if (path === '/api/lesions/11/voi/3' && seed !== null) {
      return json(res, {
        lesionId: 11,
        sessionId: 3,
        seedLps: seed,
        maxLps: seed,
        petVolumeMl: 1,
        ctVolumeMl: ctMask === null ? null : 7.2,
        meanConcBqPerMl: 1,
        maxConcBqPerMl: 1,
        backgroundBqPerMl: 1,
        thresholdBqPerMl: 1,
        voxelCount: 1,
        maskUrl: 'api/lesions/11/voi/3/mask.nii',
        ctMaskUrl: ctMask === null ? null : 'api/lesions/11/voi/3/ct-mask.nii',
        warnings: ctMask === null ? [] : ['CT: a CT warning'],
      });
    }
    try {
      const file = join(WEB, path === '/' ? 'index.html' : path);
      const bytes = readFileSync(file);
      res.setHeader('content-type', TYPES[extname(file)] ?? 'application/octet-stream');
      res.end(bytes);
    } catch {
      res.statusCode = 404;
      json(res, { error: `not in the fake API: ${req.method} ${path}` });
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const port = typeof address === 'object' && address !== null ? address.port : 0;
  return {
    base: `http://127.0.0.1:${port}/`,
    seedPuts,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
