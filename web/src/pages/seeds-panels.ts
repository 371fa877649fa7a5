/** Pieces of the seeds page: the new-lesion form and the VOI preview's numbers and warnings. */
import type { LesionDetail, TimepointDetail, VoiPreview } from '../../../src/server/api-types.ts';
import { api, asApiError, get } from '../api.ts';
import { h, replace } from '../dom.ts';
import { clearErrors, formErrorBox, labelled, showError } from '../errors.ts';
import { lpsText, sig3 } from '../format.ts';

/** The form that adds a lesion; `done` gets the new detail and the new lesion's id. */
export function lesionForm(
  tid: number,
  done: (detail: TimepointDetail, lesionId: number) => void,
): HTMLElement {
  const label = h('input', {
    type: 'text',
    size: 6,
    required: true,
    placeholder: 'L1',
    'data-testid': 'new-lesion-label',
  });
  const site = h('input', {
    type: 'text',
    size: 12,
    placeholder: 'lung',
    'data-testid': 'new-lesion-site',
  });
  const volume = h('input', {
    type: 'number',
    step: 'any',
    min: 0,
    size: 6,
    'data-testid': 'new-lesion-volume',
  });
  const form = h(
    'form',
    { 'aria-label': 'new lesion' },
    labelled('Lesion id', 'label', label),
    labelled('Site', 'site', site),
    labelled(
      'CT volume (mL, optional)',
      'volumeMl',
      volume,
      'measured elsewhere; else from the CT',
    ),
    h('button', { type: 'submit', 'data-testid': 'new-lesion-submit' }, 'Add lesion'),
    formErrorBox(),
  );
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    clearErrors(form);
    const body = {
      label: label.value.trim(),
      site: site.value.trim() === '' ? null : site.value.trim(),
      volumeMl: volume.value === '' ? null : Number(volume.value),
    };
    api<TimepointDetail>('POST', `/timepoints/${tid}/lesions`, body).then(
      (detail) => {
        const lesion = detail.lesions.find((l) => l.label === body.label);
        form.reset();
        if (lesion !== undefined) done(detail, lesion.id);
      },
      (error) => showError(form, asApiError(error)),
    );
  });
  return form;
}

const CT_PREFIX = 'CT: ';

function row(name: string | Node, value: string, testid: string, ...more: Node[]): HTMLElement {
  return h(
    'tr',
    {},
    h('th', {}, name),
    h('td', { class: 'num' }, h('span', { 'data-testid': testid }, value), ...more),
  );
}

/** What the VOI panel needs of the viewer: its overlay toggles. */
export interface OverlayToggles {
  showOverlay(kind: 'voi' | 'ct', visible: boolean): void;
  overlayShown(kind: 'voi' | 'ct'): boolean;
}

/** A checkbox and swatch that shows or hides one overlay in the viewer. */
function toggle(
  viewer: OverlayToggles | null,
  kind: 'voi' | 'ct',
  name: string,
  rgb: string,
): HTMLElement {
  const box = h('input', {
    type: 'checkbox',
    'data-testid': `overlay-${kind}`,
    'aria-label': `show the ${name} overlay`,
  });
  box.checked = viewer?.overlayShown(kind) ?? true;
  box.disabled = viewer === null;
  box.addEventListener('change', () => viewer?.showOverlay(kind, box.checked));
  const swatch = h('span', {
    style: `display:inline-block;width:0.8em;height:0.8em;border:2px solid ${rgb};margin:0 0.3em`,
  });
  return h('label', {}, box, swatch, name);
}

function warningList(warnings: string[], testid: string): HTMLElement {
  return warnings.length === 0
    ? h('p', { class: 'note', 'data-testid': testid }, 'No warnings.')
    : h(
        'ul',
        { class: 'warnings', 'data-testid': testid },
        warnings.map((w) => h('li', {}, w)),
      );
}

/** Fetches and shows the VOI at the lesion's stored seed; returns it (null on failure shown). */
export async function voiPanel(
  box: HTMLElement,
  lesion: LesionDetail,
  sessionId: number,
  viewer: OverlayToggles | null = null,
): Promise<VoiPreview | null> {
  let voi: VoiPreview;
  try {
    voi = await get<VoiPreview>(`/lesions/${lesion.id}/voi/${sessionId}`);
  } catch (error) {
    replace(
      box,
      h(
        'p',
        { class: 'error-box', role: 'alert', 'data-testid': 'voi-error' },
        asApiError(error).error,
      ),
    );
    return null;
  }
  // The CT region's warnings (preview-voi.ts starts them with "CT: ") go beside its volume.
  const ctWarnings = voi.warnings
    .filter((w) => w.startsWith(CT_PREFIX))
    .map((w) => w.slice(CT_PREFIX.length));
  replace(
    box,
    h('h3', {}, `${lesion.label}: isocontour VOI`),
    h(
      'table',
      { 'data-testid': 'voi-table', 'data-lesion': lesion.label },
      row(
        toggle(viewer, 'voi', 'PET VOI', 'rgb(40,255,60)'),
        `${sig3(voi.petVolumeMl)} mL (${voi.voxelCount} voxels)`,
        'voi-pet-ml',
      ),
      row(
        voi.ctMaskUrl == null ? 'CT volume' : toggle(viewer, 'ct', 'CT region', 'rgb(0,200,255)'),
        voi.ctVolumeMl === null ? '-' : `${sig3(voi.ctVolumeMl)} mL`,
        'voi-ct-ml',
        h('div', { style: 'text-align:left' }, warningList(ctWarnings, 'voi-ct-warnings')),
      ),
      row('Mean', `${sig3(voi.meanConcBqPerMl)} Bq/mL`, 'voi-mean'),
      row('Max', `${sig3(voi.maxConcBqPerMl)} Bq/mL`, 'voi-max'),
      row('Background', `${sig3(voi.backgroundBqPerMl)} Bq/mL`, 'voi-bg'),
      row('Threshold', `${sig3(voi.thresholdBqPerMl)} Bq/mL`, 'voi-threshold'),
      row('Seed (LPS mm)', lpsText(voi.seedLps), 'voi-seed'),
      row('Maximum at (LPS mm)', lpsText(voi.maxLps), 'voi-maxpoint'),
    ),
    warningList(
      voi.warnings.filter((w) => !w.startsWith(CT_PREFIX)),
      'voi-warnings',
    ),
  );
  return voi;
}
