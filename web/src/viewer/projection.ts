/**
 * Between niivue's world (RAS mm), its texture fractions and the page, for the three 2D tiles.
 * niivue's pivot is the texture fraction of the background volume: the exact sform maps it to RAS
 * mm (frac2mm with isForceSliceMM true, as its onLocationChange does), while the tiles are laid
 * out in its "ortho" mm (frac2mm false, the same as the exact one for a non-oblique volume). So a
 * world point goes RAS -> frac (exact) -> ortho mm -> tile, and a page point tile -> frac -> RAS.
 * The tile maths (leftTopMM, fovMM, the mirrored width, the screen swizzles) is niivue 0.69's
 * screenXY2TextureFrac / frac2canvasPosWithTile written out so that a point off the displayed
 * slice still projects (seed markers are drawn dimmed there) and its distance is known.
 */
import type { Niivue } from '@niivue/niivue';
import type { PointRas } from '../coords.ts';

export type Plane = 'axial' | 'coronal' | 'sagittal';
/** niivue's SLICE_TYPE values of the 2D planes (axCorSag). */
const SLICE_OF: Record<Plane, number> = { axial: 0, coronal: 1, sagittal: 2 };

type Tile = Niivue['screenSlices'][number];

function tileOf(nv: Niivue, plane: Plane): Tile | null {
  return (
    nv.screenSlices.find((s) => s.axCorSag === SLICE_OF[plane] && s.AxyzMxy.length >= 5) ?? null
  );
}

/** Screen-ordered mm of a plane: axial RAS, coronal RSA, sagittal ASR (niivue's swizzles). */
function toScreenOrder(mm: readonly number[], axCorSag: number): [number, number, number] {
  const [x, y, z] = [mm[0]!, mm[1]!, mm[2]!];
  if (axCorSag === 1) return [x, z, y];
  if (axCorSag === 2) return [y, z, x];
  return [x, y, z];
}

function devicePixelRatioOf(nv: Niivue): number {
  return nv.uiData.dpr ?? window.devicePixelRatio ?? 1;
}

export interface Projected {
  /** Page pixels (CSS px, as MouseEvent.pageX/Y). */
  x: number;
  y: number;
  /** Distance of the point from the displayed slice, mm. */
  offSliceMm: number;
  /** Inside the tile's rectangle. */
  inside: boolean;
}

/** Where a RAS point falls in a plane's tile, in page pixels; null before the first draw. */
export function rasToPage(nv: Niivue, ras: PointRas, plane: Plane): Projected | null {
  const tile = tileOf(nv, plane);
  const canvas = nv.canvas;
  if (tile === null || canvas === null) return null;
  const frac = nv.mm2frac(ras, 0, true);
  const ortho = nv.frac2mm(frac, 0, false);
  const p = toScreenOrder(ortho as unknown as number[], tile.axCorSag);
  const v = tile.AxyzMxy;
  const expectedZ = v[2]! + v[4]! * (p[1] - v[1]!) - v[3]! * (p[0] - v[0]!);
  const fracX = (p[0] - tile.leftTopMM[0]!) / tile.fovMM[0]!;
  const fracY = (p[1] - tile.leftTopMM[1]!) / tile.fovMM[1]!;
  const ltwh = [...tile.leftTopWidthHeight] as [number, number, number, number];
  const mirror = ltwh[2] < 0;
  if (mirror) {
    ltwh[0] += ltwh[2];
    ltwh[2] = -ltwh[2];
  }
  const sx = ltwh[0] + (mirror ? 1 - fracX : fracX) * ltwh[2];
  const sy = ltwh[1] + (1 - fracY) * ltwh[3];
  const dpr = devicePixelRatioOf(nv);
  const rect = canvas.getBoundingClientRect();
  return {
    x: rect.left + window.scrollX + sx / dpr,
    y: rect.top + window.scrollY + sy / dpr,
    offSliceMm: Math.abs(p[2] - expectedZ),
    inside: fracX >= 0 && fracX <= 1 && fracY >= 0 && fracY <= 1,
  };
}

/** The RAS point under a page position on one of the 2D tiles (at the displayed slice), or null. */
export function pageToRas(nv: Niivue, pageX: number, pageY: number): PointRas | null {
  const canvas = nv.canvas;
  if (canvas === null) return null;
  const rect = canvas.getBoundingClientRect();
  const dpr = devicePixelRatioOf(nv);
  const cx = (pageX - window.scrollX - rect.left) * dpr;
  const cy = (pageY - window.scrollY - rect.top) * dpr;
  const frac = nv.canvasPos2frac([cx, cy]);
  if (!(frac[0]! >= 0)) return null;
  const mm = nv.frac2mm(frac, 0, true);
  return [mm[0]!, mm[1]!, mm[2]!];
}

/** The crosshair in RAS mm (niivue's own readout: the exact sform of the pivot). */
export function crosshairRas(nv: Niivue): PointRas {
  const mm = nv.frac2mm(nv.scene.crosshairPos, 0, true);
  return [mm[0]!, mm[1]!, mm[2]!];
}

/** Moves the crosshair to a RAS point and redraws (niivue then reports the location). */
export function moveCrosshairTo(nv: Niivue, ras: PointRas): void {
  const frac = nv.mm2frac(ras, 0, true);
  nv.scene.crosshairPos = frac;
  nv.drawScene();
  nv.createOnLocationChange();
}
