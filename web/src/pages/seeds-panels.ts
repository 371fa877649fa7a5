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

function row(name: string, value: string, testid: string): HTMLElement {
  return h('tr', {}, h('th', {}, name), h('td', { class: 'num', 'data-testid': testid }, value));
}

/** Fetches and shows the VOI at the lesion's stored seed; returns it (null on failure shown). */
export async function voiPanel(
  box: HTMLElement,
  lesion: LesionDetail,
  sessionId: number,
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
  replace(
    box,
    h('h3', {}, `${lesion.label}: isocontour VOI`),
    h(
      'table',
      { 'data-testid': 'voi-table', 'data-lesion': lesion.label },
      row('PET volume', `${sig3(voi.petVolumeMl)} mL (${voi.voxelCount} voxels)`, 'voi-pet-ml'),
      row('CT volume', voi.ctVolumeMl === null ? '-' : `${sig3(voi.ctVolumeMl)} mL`, 'voi-ct-ml'),
      row('Mean', `${sig3(voi.meanConcBqPerMl)} Bq/mL`, 'voi-mean'),
      row('Max', `${sig3(voi.maxConcBqPerMl)} Bq/mL`, 'voi-max'),
      row('Background', `${sig3(voi.backgroundBqPerMl)} Bq/mL`, 'voi-bg'),
      row('Threshold', `${sig3(voi.thresholdBqPerMl)} Bq/mL`, 'voi-threshold'),
      row('Seed (LPS mm)', lpsText(voi.seedLps), 'voi-seed'),
      row('Maximum at (LPS mm)', lpsText(voi.maxLps), 'voi-maxpoint'),
    ),
    voi.warnings.length === 0
      ? h('p', { class: 'note', 'data-testid': 'voi-warnings' }, 'No warnings.')
      : h(
          'ul',
          { class: 'warnings', 'data-testid': 'voi-warnings' },
          voi.warnings.map((w) => h('li', {}, w)),
        ),
  );
  return voi;
}
