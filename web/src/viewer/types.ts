/** The viewer's interface to the pages (mountViewer in viewer.ts). Points are LPS mm. */
import type { PointLps } from '../../../src/server/api-types.ts';
import type { Plane } from './projection.ts';

export interface CrosshairInfo {
  pointLps: PointLps;
  /** The PET value of the voxel at the crosshair, Bq/mL; null outside the PET grid. */
  petBqPerMl: number | null;
  /** The CT value of the voxel at the crosshair, HU; null without CT or outside it. */
  ctHu: number | null;
}

export interface ViewerEvents {
  /** The crosshair moved (a click, a drag, goTo, a slice scroll). */
  onCrosshair?(info: CrosshairInfo): void;
  /** A click (not a drag) on a 2D plane: the clicked point at the displayed slice. */
  onPick?(pointLps: PointLps): void;
}

export interface ViewerHandle {
  setSeeds(seeds: { label: string; pointLps: PointLps }[]): void;
  /**
   * Shows the PET VOI's uint8 mask NIfTI (PET grid, green) and the CT region's (CT grid, cyan)
   * as overlays; null removes one.
   */
  showVoi(maskUrl: string | null, ctMaskUrl?: string | null): Promise<void>;
  /** The overlay toggles: the PET VOI ('voi') or the CT region ('ct') shown or hidden. */
  showOverlay(kind: 'voi' | 'ct', visible: boolean): void;
  overlayShown(kind: 'voi' | 'ct'): boolean;
  goTo(pointLps: PointLps): void;
  destroy(): void;
}

/**
 * window.__iodoseViewer, for the browser tests and the end-to-end test: the mounted viewer (one
 * at a time; removed by destroy). Page pixels are CSS pixels of the document (MouseEvent
 * pageX/pageY; playwright's page.mouse.click takes viewport pixels: subtract window.scrollX/Y).
 */
export interface ViewerTestHook {
  /** Resolves after the volumes are loaded and the first frame is drawn; rejects if loading failed. */
  ready: Promise<void>;
  /** The crosshair, LPS mm. */
  crosshairLps(): PointLps;
  /** What the readout shows at the crosshair. */
  crosshairInfo(): CrosshairInfo;
  /** The LPS point under a page position on a 2D tile (at its displayed slice), or null. */
  screenToLps(pageX: number, pageY: number): PointLps | null;
  /** Where an LPS point falls in a plane's tile, page pixels (null before the first frame). */
  lpsToCanvas(pointLps: PointLps, plane?: Plane): { x: number; y: number } | null;
  /** The VOI overlay's URL, or null (also while toggled off). */
  voiUrl(): string | null;
  /** The CT region overlay's URL, or null (also while toggled off). */
  ctMaskUrl(): string | null;
  /** Frames drawn so far (niivue drawScene calls). */
  frames(): number;
}

declare global {
  interface Window {
    __iodoseViewer?: ViewerTestHook;
  }
}
