/**
 * The image routes: the import routes (routes-import.ts), and what the viewer loads:
 *   GET /series/:sid/volume.nii        the series as NIfTI-1 (PET float32 Bq/mL at the scan
 *                                      start, CT int16 HU; RAS sform/qform, write-nifti.ts)
 *   GET /series/:sid/display.nii       a CT as the viewer shows it: cropped to the body (ct-display.ts)
 *   GET /sessions/:sid/view            SessionView (volume URLs, PET display range (pet-range.ts),
 *                                      PET grid)
 *   GET /lesions/:lid/voi/:sid         VoiPreview at the lesion's stored seed (previewVoi)
 *   GET /lesions/:lid/voi/:sid/mask.nii the VOI's uint8 mask on the session's PET grid
 *   GET /lesions/:lid/voi/:sid/ct-mask.nii the CT region (the CT volume's voxels) as a uint8 mask
 *                                      on the session's CT grid (404 without a CT region)
 * Volumes are read from the series' store folder only (DIR/dicom/<uid>); nothing else is served.
 * The last few volumes and previews stay in memory (volume-cache.ts).
 */
import type { FastifyInstance, FastifyReply } from 'fastify';
import type { Volume } from '../core/volume.ts';
import { ctMask, previewVoi, type VoiPreviewResult } from '../app/study/preview-voi.ts';
import type { PointLps, SessionView, VoiPreview } from './api-types.ts';
import { HttpError, idParam } from './errors.ts';
import { niftiBytes } from '../io/nifti/write-nifti.ts';
import type { Jobs } from './jobs.ts';
import { importRoutes, type UploadLimits } from './routes-import.ts';
import { cropToBody } from './ct-display.ts';
import { petDisplayRange } from './pet-range.ts';
import type { ImageStorePort, StorePort } from './store-port.ts';
import {
  CACHED_VOLUMES,
  loadSeries,
  LruCache,
  volumeKey,
  type CachedVolume,
} from './volume-cache.ts';

/** VOI previews kept (our choice): the lesions of the session being seeded. */
export const CACHED_PREVIEWS = 8;

const volumeUrl = (seriesId: number) => `api/series/${seriesId}/volume.nii`;
const displayUrl = (seriesId: number) => `api/series/${seriesId}/display.nii`;

function sendNifti(
  reply: FastifyReply,
  bytes: Uint8Array,
  etag: string,
  ifNoneMatch: string | undefined,
) {
  // The bytes follow from the key in the ETag (a stored instance never changes): revalidate only.
  reply.header('etag', etag).header('cache-control', 'private, no-cache');
  if (ifNoneMatch === etag) return reply.code(304).send();
  reply.header('content-type', 'application/octet-stream');
  return reply.send(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength));
}

/** The PET of a session as Float32 Bq/mL (read-pet-series.ts always gives Float32). */
function floatPet(loaded: CachedVolume, label: string): Volume<Float32Array> {
  const { volume } = loaded;
  if (loaded.modality !== 'PT' || !(volume.data instanceof Float32Array)) {
    throw new HttpError(400, { error: `the PET series of session ${label} is not a PET` });
  }
  return { ...volume, data: volume.data };
}

export async function imageRoutes<S>(
  app: FastifyInstance,
  jobs: Jobs,
  api: StorePort<S>,
  images: ImageStorePort<S>,
  store: S,
  limits?: UploadLimits,
): Promise<void> {
  await importRoutes(app, jobs, api, images, store, limits);
  const volumes = new LruCache<CachedVolume>(CACHED_VOLUMES);
  const previews = new LruCache<VoiPreviewResult>(CACHED_PREVIEWS);

  /** A stored series, loaded (or from the cache), with its cache key. */
  const volumeOf = async (seriesId: number) => {
    const series = images.getSeries(store, seriesId);
    const administeredAt = api.getTimepoint(store, series.timepointId).tracer?.administeredAt;
    const key = volumeKey(series, administeredAt ?? null);
    const loaded = await volumes.get(key, () => loadSeries(series, administeredAt ?? null));
    return { key, loaded };
  };

  app.get('/api/series/:sid/volume.nii', async (request, reply) => {
    const { key, loaded } = await volumeOf(idParam(request.params, 'sid'));
    const etag = `"v${key.replace(/[^0-9A-Za-z.:-]/g, '')}"`;
    return sendNifti(reply, niftiBytes(loaded.volume), etag, request.headers['if-none-match']);
  });

  // The cropped CTs of the volumes in the cache (by the same key).
  const displays = new LruCache<Volume<Int16Array>>(CACHED_VOLUMES);
  app.get('/api/series/:sid/display.nii', async (request, reply) => {
    const { key, loaded } = await volumeOf(idParam(request.params, 'sid'));
    const { volume } = loaded;
    if (loaded.modality !== 'CT' || !(volume.data instanceof Int16Array)) {
      throw new HttpError(404, {
        error: `series ${idParam(request.params, 'sid')} is not a CT: only a CT has a display crop`,
        hint: 'use its volume.nii',
      });
    }
    const ct = { ...volume, data: volume.data };
    const shown = await displays.get(key, async () => cropToBody(ct));
    const etag = `"d${key.replace(/[^0-9A-Za-z.:-]/g, '')}"`;
    return sendNifti(reply, niftiBytes(shown), etag, request.headers['if-none-match']);
  });

  app.get('/api/sessions/:sid/view', async (request): Promise<SessionView> => {
    const session = images.getSession(store, idParam(request.params, 'sid'));
    // The viewer asks for the CT next: its series is read meanwhile (a failure is answered by
    // that volume.nii request, not here).
    if (session.ctSeriesId !== null) volumeOf(session.ctSeriesId).catch(() => undefined);
    const pet = (await volumeOf(session.petSeriesId)).loaded;
    const { size, spacingMm, originLps, direction } = pet.volume;
    const seedsLps = api
      .getTimepoint(store, session.timepointId)
      .lesions.flatMap((l) => l.seeds.filter((s) => s.sessionId === session.id))
      .map((s) => s.pointLps);
    return {
      sessionId: session.id,
      label: session.label,
      petUrl: volumeUrl(session.petSeriesId),
      ctUrl: session.ctSeriesId === null ? null : displayUrl(session.ctSeriesId),
      petRangeBqPerMl: petDisplayRange(pet.volume, pet.maxBqPerMl ?? 1, seedsLps),
      petGrid: {
        size: [...size],
        spacingMm: [...spacingMm],
        originLps: [...originLps],
        direction: [...direction],
      },
    };
  });

  /** The preview at the lesion's seed in the session (404 without a seed). */
  const previewOf = async (lesionId: number, sessionId: number) => {
    const lesion = images.getLesion(store, lesionId);
    const session = images.getSession(store, sessionId);
    if (session.timepointId !== lesion.timepointId) {
      throw new HttpError(404, {
        error: `session ${sessionId} is not a session of lesion ${lesion.label}'s timepoint`,
      });
    }
    const seed = lesion.seeds.find((s) => s.sessionId === sessionId);
    if (seed === undefined) {
      throw new HttpError(404, {
        error: `no seed for lesion ${lesion.label} in session ${session.label}`,
        hint: 'click on the lesion in the PET to place its seed',
      });
    }
    const pet = await volumeOf(session.petSeriesId);
    const ct = session.ctSeriesId === null ? null : await volumeOf(session.ctSeriesId);
    const key = `${lesionId}:${sessionId}:${seed.pointLps.join(',')}:${pet.key}:${ct?.key ?? ''}`;
    const petVolume = floatPet(pet.loaded, session.label);
    const result = await previews.get(key, async () =>
      previewVoi(petVolume, ct?.loaded.volume ?? null, seed.pointLps),
    );
    return { lesion, session, result, ct };
  };

  const sendMask = (reply: FastifyReply, mask: Volume<Uint8Array>, description: string) => {
    // A mask changes with the seed: always revalidated, no ETag.
    reply.header('cache-control', 'no-store').header('content-type', 'application/octet-stream');
    const bytes = niftiBytes(mask, description);
    return reply.send(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength));
  };

  app.get('/api/lesions/:lid/voi/:sid', async (request): Promise<VoiPreview> => {
    const lid = idParam(request.params, 'lid');
    const sid = idParam(request.params, 'sid');
    const { result } = await previewOf(lid, sid);
    return {
      lesionId: lid,
      sessionId: sid,
      seedLps: [...result.seedLps] as PointLps,
      maxLps: [...result.maxLps] as PointLps,
      petVolumeMl: result.petVolumeMl,
      ctVolumeMl: result.ctVolumeMl,
      meanConcBqPerMl: result.meanConcBqPerMl,
      maxConcBqPerMl: result.maxConcBqPerMl,
      backgroundBqPerMl: result.backgroundBqPerMl,
      thresholdBqPerMl: result.thresholdBqPerMl,
      voxelCount: result.voxelCount,
      maskUrl: `api/lesions/${lid}/voi/${sid}/mask.nii`,
      ctMaskUrl:
        result.ctVoxelIndices === null ? null : `api/lesions/${lid}/voi/${sid}/ct-mask.nii`,
      warnings: result.warnings,
    };
  });

  app.get('/api/lesions/:lid/voi/:sid/mask.nii', async (request, reply) => {
    const lid = idParam(request.params, 'lid');
    const sid = idParam(request.params, 'sid');
    const { result } = await previewOf(lid, sid);
    return sendMask(reply, result.mask, 'iodose VOI');
  });

  app.get('/api/lesions/:lid/voi/:sid/ct-mask.nii', async (request, reply) => {
    const lid = idParam(request.params, 'lid');
    const sid = idParam(request.params, 'sid');
    const { lesion, session, result, ct } = await previewOf(lid, sid);
    const mask = ct === null ? null : ctMask(result, ct.loaded.volume);
    if (mask === null) {
      throw new HttpError(404, {
        error: `lesion ${lesion.label} has no CT region in session ${session.label}`,
        hint:
          ct === null
            ? 'the session has no CT: its volume is the PET isocontour'
            : 'CT region growing found no lesion at this seed (see the VOI warnings): move the seed, or enter the CT volume by hand',
      });
    }
    return sendMask(reply, mask, 'iodose CT region');
  });
}
