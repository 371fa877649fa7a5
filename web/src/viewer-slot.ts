/**
 * Where the pages get the PET/CT viewer (web/src/viewer, h-viewer's module). Until it is merged
 * this is a placeholder with the same interface: a box saying so, which never calls onPick.
 */
import type { PointLps, SessionView } from '../../src/server/api-types.ts';
import { h } from './dom.ts';

export interface CrosshairInfo {
  pointLps: PointLps;
  petBqPerMl: number | null;
  ctHu: number | null;
}

export interface ViewerEvents {
  onCrosshair?(info: CrosshairInfo): void;
  onPick?(pointLps: PointLps): void;
}

export interface ViewerHandle {
  setSeeds(seeds: { label: string; pointLps: PointLps }[]): void;
  showVoi(maskUrl: string | null): Promise<void>;
  goTo(pointLps: PointLps): void;
  destroy(): void;
}

export async function mountViewer(
  container: HTMLElement,
  view: SessionView,
  _events: ViewerEvents,
): Promise<ViewerHandle> {
  const box = h(
    'p',
    { class: 'note', 'data-testid': 'viewer-placeholder' },
    `Viewer not built in: ${view.label} (${view.petUrl})`,
  );
  container.appendChild(box);
  return {
    setSeeds: () => undefined,
    showVoi: async () => undefined,
    goTo: () => undefined,
    destroy: () => box.remove(),
  };
}
