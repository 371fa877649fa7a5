/**
 * The PET/CT fusion viewer of a session (niivue 0.69, WebGL2): CT in grey under the PET in a hot
 * colour map, three planes (axial, coronal, sagittal; radiological convention, patient right on
 * screen left), a toolbar (controls.ts), seed markers (markers.ts), the VOI mask overlay and the
 * crosshair readout in LPS mm with the PET and CT values at its voxel. niivue's world is RAS mm:
 * every point crosses coords.ts at this edge. A left click (not a drag) on a plane is a pick:
 * onPick gets the clicked point itself (projection.ts pageToRas), not the previous crosshair.
 */
import type { NVImage } from '@niivue/niivue';
import type { SessionView } from '../../../src/server/api-types.ts';
import { lpsToRas, rasToLps } from '../coords.ts';
import { h, replace } from '../dom.ts';
import { buildControls, CT_PRESETS } from './controls.ts';
import {
  createNiivue,
  CT_COLORMAP,
  PET_COLORMAP,
  MASK_RGB,
  PET_OVER_CT_OPACITY,
  VOI_FILL_OPACITY,
  type MaskKind,
} from './display.ts';
import { fetchMask, fetchVolumes, showVolumes } from './load.ts';
import { drawMarkers, type Seed } from './markers.ts';
import { skipGradientPasses } from './no-gradient.ts';
import { crosshairRas, moveCrosshairTo, pageToRas, rasToPage } from './projection.ts';
import type { CrosshairInfo, ViewerEvents, ViewerHandle, ViewerTestHook } from './types.ts';
import { ctValueAt, petMatchesGrid, petValueAt } from './values.ts';

export type { CrosshairInfo, ViewerEvents, ViewerHandle, ViewerTestHook } from './types.ts';

/** A pointer that moves less than this between down and up is a click, CSS px. */
const CLICK_SLOP_PX = 4;

export async function mountViewer(
  container: HTMLElement,
  view: SessionView,
  events: ViewerEvents,
): Promise<ViewerHandle> {
  const canvas = h('canvas', {
    'data-testid': 'viewer-canvas',
    style: 'position:absolute;inset:0;width:100%;height:100%;display:block',
  });
  const overlay = h('canvas', {
    'data-testid': 'viewer-markers',
    style: 'position:absolute;inset:0;width:100%;height:100%;pointer-events:none',
  });
  const status = h('p', { class: 'note', 'data-testid': 'viewer-status' }, 'Loading PET/CT…');
  const stage = h('div', { style: 'position:relative;flex:1;min-height:0' }, canvas, overlay);
  const root = h(
    'div',
    { 'data-testid': 'viewer-root', style: 'display:flex;flex-direction:column;height:100%' },
    status,
    stage,
  );
  container.appendChild(root);
  // Timings for bench/web-render.ts (performance marks; mount, fetched, attached, shown).
  performance.mark('iodose-viewer:mount');

  let seeds: Seed[] = [];
  let frames = 0;
  // The PET VOI (PET grid) and the CT region (CT grid) masks, each with its toggle.
  const masks: Record<MaskKind, { url: string | null; image: NVImage | null; visible: boolean }> = {
    voi: { url: null, image: null, visible: true },
    ct: { url: null, image: null, visible: true },
  };
  let maskToken = 0;
  let destroyed = false;
  const onSliceMm = Math.max(...view.petGrid.spacingMm) / 2;
  let markReady: () => void = () => undefined;
  let failReady: (e: unknown) => void = () => undefined;
  const ready = new Promise<void>((resolve, reject) => {
    markReady = resolve;
    failReady = reject;
  });
  ready.catch(() => undefined); // awaited by tests; a failure is shown in the page

  const nv = createNiivue();
  const base = nv.drawScene.bind(nv);
  nv.drawScene = () => {
    const out = base();
    frames += 1;
    drawMarkers(nv, overlay, seeds, onSliceMm);
    return out;
  };

  let ct: NVImage | null = null;
  let pet: NVImage | null = null;
  const info = (): CrosshairInfo => {
    const ras = crosshairRas(nv);
    const pointLps = rasToLps(ras);
    return {
      pointLps,
      petBqPerMl: pet === null ? null : petValueAt(pet, view.petGrid, pointLps),
      ctHu: ct === null ? null : ctValueAt(ct, ras),
    };
  };
  nv.onLocationChange = () => {
    if (pet !== null) events.onCrosshair?.(info());
  };

  const controls = buildControls(
    view.ctUrl !== null,
    view.petRangeBqPerMl,
    nv.colormap(PET_COLORMAP),
    {
      onWindow(levelHu, widthHu) {
        if (ct === null) return;
        ct.cal_min = levelHu - widthHu / 2;
        ct.cal_max = levelHu + widthHu / 2;
        nv.updateGLVolume();
      },
      onPetRange(lo, hi) {
        if (pet === null) return;
        pet.cal_min = lo;
        pet.cal_max = hi;
        nv.updateGLVolume();
      },
    },
  );
  const syncWindow = (): void => {
    const lo = ct?.cal_min;
    const hi = ct?.cal_max;
    if (lo !== undefined && hi !== undefined) controls.showWindow((lo + hi) / 2, hi - lo);
  };
  nv.onIntensityChange = syncWindow;

  let down: { x: number; y: number } | null = null;
  canvas.addEventListener('pointerdown', (e) => {
    down = e.button === 0 ? { x: e.pageX, y: e.pageY } : null;
  });
  canvas.addEventListener('pointerup', (e) => {
    if (e.button === 2) syncWindow();
    const start = down;
    down = null;
    if (start === null || e.button !== 0 || pet === null) return;
    if (Math.hypot(e.pageX - start.x, e.pageY - start.y) > CLICK_SLOP_PX) return;
    const ras = pageToRas(nv, e.pageX, e.pageY);
    if (ras !== null) events.onPick?.(rasToLps(ras));
  });

  const hook: ViewerTestHook = {
    ready,
    crosshairLps: () => rasToLps(crosshairRas(nv)),
    crosshairInfo: info,
    screenToLps(x, y) {
      const ras = pageToRas(nv, x, y);
      return ras === null ? null : rasToLps(ras);
    },
    lpsToCanvas(pointLps, plane = 'axial') {
      const at = rasToPage(nv, lpsToRas(pointLps), plane);
      return at === null ? null : { x: at.x, y: at.y };
    },
    voiUrl: () => (masks.voi.visible ? masks.voi.url : null),
    ctMaskUrl: () => (masks.ct.visible ? masks.ct.url : null),
    frames: () => frames,
  };
  window.__iodoseViewer = hook;

  const destroy = (): void => {
    if (destroyed) return;
    destroyed = true;
    if (window.__iodoseViewer === hook) delete window.__iodoseViewer;
    nv.cleanup();
    nv.gl?.getExtension('WEBGL_lose_context')?.loseContext();
    root.remove();
  };

  /** Shows the volumes and the visible masks with one GPU refresh. */
  const showMasks = (): void => {
    if (pet === null) return;
    const shown = (['voi', 'ct'] as const)
      .map((kind) => (masks[kind].visible ? masks[kind].image : null))
      .filter((image) => image !== null);
    nv.opts.atlasOutline = 1;
    showVolumes(nv, [...(ct === null ? [] : [ct]), pet, ...shown]);
  };
  const loadMask = async (kind: MaskKind, url: string | null): Promise<NVImage | null> => {
    if (url === masks[kind].url) return masks[kind].image;
    return url === null || pet === null ? null : fetchMask(url, VOI_FILL_OPACITY, MASK_RGB[kind]);
  };

  const handle: ViewerHandle = {
    setSeeds(next) {
      seeds = next.map((s) => ({ label: s.label, pointLps: [...s.pointLps] }));
      if (pet !== null) drawMarkers(nv, overlay, seeds, onSliceMm);
    },
    async showVoi(maskUrl, ctMaskUrl = null) {
      if (masks.voi.url === maskUrl && masks.ct.url === ctMaskUrl) return;
      maskToken += 1;
      const token = maskToken;
      const [voiImage, ctImage] = await Promise.all([
        loadMask('voi', maskUrl),
        loadMask('ct', ctMaskUrl),
      ]);
      if (token !== maskToken || destroyed) return;
      const before = masks.voi.image ?? masks.ct.image;
      masks.voi = { ...masks.voi, url: maskUrl, image: voiImage };
      masks.ct = { ...masks.ct, url: ctMaskUrl, image: ctImage };
      if (before === null && voiImage === null && ctImage === null) return;
      showMasks();
    },
    showOverlay(kind, visible) {
      if (masks[kind].visible === visible) return;
      masks[kind].visible = visible;
      if (masks[kind].image !== null) showMasks();
    },
    overlayShown: (kind) => masks[kind].visible,
    goTo(pointLps) {
      if (pet !== null) moveCrosshairTo(nv, lpsToRas(pointLps));
    },
    destroy,
  };

  try {
    const soft = CT_PRESETS['soft tissue'];
    const [lo, hi] = view.petRangeBqPerMl;
    const loading = fetchVolumes([
      ...(view.ctUrl === null
        ? []
        : [
            {
              url: view.ctUrl,
              colormap: CT_COLORMAP,
              calMin: soft.levelHu - soft.widthHu / 2,
              calMax: soft.levelHu + soft.widthHu / 2,
              opacity: 1,
            },
          ]),
      {
        url: view.petUrl,
        colormap: PET_COLORMAP,
        calMin: lo,
        calMax: hi,
        opacity: view.ctUrl === null ? 1 : PET_OVER_CT_OPACITY,
      },
    ]);
    loading.then(
      () => performance.mark('iodose-viewer:fetched'),
      () => undefined,
    );
    await nv.attachToCanvas(canvas);
    skipGradientPasses(nv);
    performance.mark('iodose-viewer:attached');
    const images = await loading;
    showVolumes(nv, images);
    performance.mark('iodose-viewer:shown');
    ct = view.ctUrl === null ? null : (nv.volumes[0] ?? null);
    pet = nv.volumes[view.ctUrl === null ? 0 : 1] ?? null;
    if (pet === null || !petMatchesGrid(pet, view.petGrid)) {
      throw new Error(
        `the PET at ${view.petUrl} does not match the session's PET grid ${view.petGrid.size.join(' x ')}`,
      );
    }
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    const urls = [view.ctUrl, view.petUrl].filter((u) => u !== null).join(', ');
    replace(status, `The viewer could not load ${view.label} (${urls}): ${message}`);
    status.className = 'error-box';
    status.setAttribute('role', 'alert');
    failReady(error);
    return handle;
  }
  replace(status, controls.element);
  status.className = '';
  nv.drawScene();
  events.onCrosshair?.(info());
  requestAnimationFrame(() => markReady());
  return handle;
}
