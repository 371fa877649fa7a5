/**
 * Seed markers on a 2D canvas laid over niivue's: a ring and the lesion label in each plane,
 * bright when the seed lies on the displayed slice (within `onSliceMm`), dim and dashed when it
 * is off the slice. Redrawn after every niivue frame (the caller hooks drawScene).
 */
import type { Niivue } from '@niivue/niivue';
import type { PointLps } from '../../../src/server/api-types.ts';
import { lpsToRas } from '../coords.ts';
import { rasToPage, type Plane } from './projection.ts';

export interface Seed {
  label: string;
  pointLps: PointLps;
}

const PLANES: Plane[] = ['axial', 'coronal', 'sagittal'];

/** Sizes the overlay to the niivue canvas (device pixels) and draws the seeds. */
export function drawMarkers(
  nv: Niivue,
  overlay: HTMLCanvasElement,
  seeds: Seed[],
  onSliceMm: number,
): void {
  const canvas = nv.canvas;
  if (canvas === null) return;
  if (overlay.width !== canvas.width || overlay.height !== canvas.height) {
    overlay.width = canvas.width;
    overlay.height = canvas.height;
  }
  const g = overlay.getContext('2d');
  if (g === null) return;
  g.clearRect(0, 0, overlay.width, overlay.height);
  const rect = canvas.getBoundingClientRect();
  const scale = canvas.width / Math.max(rect.width, 1);
  g.font = `${Math.round(12 * scale)}px sans-serif`;
  g.lineWidth = 2 * scale;
  for (const seed of seeds) {
    const ras = lpsToRas(seed.pointLps);
    for (const plane of PLANES) {
      const at = rasToPage(nv, ras, plane);
      if (at === null || !at.inside) continue;
      const x = (at.x - window.scrollX - rect.left) * scale;
      const y = (at.y - window.scrollY - rect.top) * scale;
      const on = at.offSliceMm <= onSliceMm;
      g.strokeStyle = on ? '#ff3df5' : 'rgba(255, 61, 245, 0.5)';
      g.fillStyle = g.strokeStyle;
      g.setLineDash(on ? [] : [3 * scale, 3 * scale]);
      g.beginPath();
      g.arc(x, y, 7 * scale, 0, 2 * Math.PI);
      g.stroke();
      g.fillText(seed.label, x + 9 * scale, y - 9 * scale);
    }
  }
  g.setLineDash([]);
}
