/**
 * The series of a timepoint and their assignment to sessions (one PET, optionally its CT, under
 * a manifest scan id). Shows the stored sessions, or a proposal when there are none: each PET
 * with the CT of its frame of reference (else of its study), labelled by hours after the
 * administration when the tracer is known ("pet24"), else by order ("pet1"). Accept or change.
 */
import type {
  SeriesSummary,
  SessionInput,
  TimepointDetail,
} from '../../../src/server/api-types.ts';
import { api, asApiError, get } from '../api.ts';
import { h, replace } from '../dom.ts';
import { clearErrors, formErrorBox, labelled, showError } from '../errors.ts';
import { navigate } from '../router.ts';
import { timepointHeader } from './timepoint-nav.ts';

/** Local ISO date-times as milliseconds on one clock (the manifest's, no zone). */
function localMs(at: string): number {
  return Date.parse(`${at.slice(0, 19)}Z`);
}

/** The proposal: PETs in acquisition order, each with its matching CT. */
export function proposeSessions(detail: TimepointDetail): SessionInput[] {
  const pets = detail.series
    .filter((s) => s.modality === 'PT')
    .sort((a, b) => (a.acquiredAt ?? '').localeCompare(b.acquiredAt ?? ''));
  const cts = detail.series.filter((s) => s.modality === 'CT');
  const used = new Set<string>();
  return pets.map((pet, index) => {
    const ct =
      cts.find(
        (c) =>
          pet.frameOfReferenceUid !== null && c.frameOfReferenceUid === pet.frameOfReferenceUid,
      ) ?? cts.find((c) => c.studyInstanceUid === pet.studyInstanceUid);
    const administeredAt = detail.tracer?.administeredAt;
    let label = `pet${index + 1}`;
    if (administeredAt !== undefined && pet.acquiredAt !== null) {
      const hours = Math.round((localMs(pet.acquiredAt) - localMs(administeredAt)) / 3_600_000);
      if (Number.isFinite(hours) && !used.has(`pet${hours}`)) label = `pet${hours}`;
    }
    used.add(label);
    return { label, petSeriesId: pet.id, ctSeriesId: ct?.id ?? null };
  });
}

function seriesText(s: SeriesSummary): string {
  const size = s.size === null ? '' : `, ${s.size.join('×')}`;
  return `${s.modality} ${s.description || '(no description)'} - ${s.acquiredAt ?? 'no time'} (${s.instanceCount} files${size})`;
}

export async function renderSessions(root: HTMLElement, [tid]: number[]): Promise<void> {
  const detail = await get<TimepointDetail>(`/timepoints/${tid}`);
  const stored = detail.sessions.length > 0;
  const sessions: SessionInput[] = stored
    ? detail.sessions.map((s) => ({
        label: s.label,
        petSeriesId: s.petSeriesId,
        ctSeriesId: s.ctSeriesId,
      }))
    : proposeSessions(detail);
  const cts = detail.series.filter((s) => s.modality === 'CT');
  const pets = detail.series.filter((s) => s.modality === 'PT');

  const rows = pets.map((pet) => {
    const current = sessions.findIndex((s) => s.petSeriesId === pet.id);
    const session = sessions[current];
    const index = current < 0 ? sessions.length + pets.indexOf(pet) : current;
    const use = h('input', {
      type: 'checkbox',
      checked: session !== undefined,
      'data-testid': `use-${pet.id}`,
    });
    use.id = `use-${pet.id}`;
    const label = h('input', {
      type: 'text',
      value: session?.label ?? `pet${pets.indexOf(pet) + 1}`,
      size: 10,
      'data-testid': `label-${pet.id}`,
    });
    label.id = `label-${pet.id}`;
    const ct = h(
      'select',
      { 'data-testid': `ct-${pet.id}` },
      h('option', { value: '' }, 'no CT'),
      cts.map((c) =>
        h('option', { value: c.id, selected: session?.ctSeriesId === c.id }, seriesText(c)),
      ),
    );
    ct.id = `ct-${pet.id}`;
    const row = h(
      'tr',
      { 'data-pet': pet.id },
      h('td', {}, h('label', { for: use.id }, 'use '), use),
      h('td', {}, seriesText(pet)),
      h('td', {}, labelled('Scan id', `sessions[${index}].label`, label)),
      h('td', {}, labelled('CT', `sessions[${index}].ctSeriesId`, ct)),
    );
    return { row, pet, use, label, ct };
  });

  const form = h(
    'form',
    { 'aria-label': 'sessions' },
    h(
      'table',
      {},
      h(
        'thead',
        {},
        h(
          'tr',
          {},
          ['', 'PET series', 'Session', 'Its CT'].map((t) => h('th', {}, t)),
        ),
      ),
      h(
        'tbody',
        {},
        rows.map((r) => r.row),
      ),
    ),
    h(
      'p',
      {},
      stored
        ? 'These are the stored sessions.'
        : 'A proposal: nothing is stored until you accept it.',
    ),
    h(
      'button',
      { type: 'submit', class: 'primary', 'data-testid': 'sessions-accept' },
      stored ? 'Save sessions' : 'Accept sessions',
    ),
    formErrorBox(),
  );
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    clearErrors(form);
    const body: SessionInput[] = rows
      .filter((r) => r.use.checked)
      .map((r) => ({
        label: r.label.value.trim(),
        petSeriesId: r.pet.id,
        ctSeriesId: r.ct.value === '' ? null : Number(r.ct.value),
      }));
    api<TimepointDetail>('PUT', `/timepoints/${tid}/sessions`, body).then(
      (saved) => navigate(`#/tp/${tid}/seeds/${saved.sessions[0]?.id ?? ''}`),
      (error) => showError(form, asApiError(error)),
    );
  });

  const others = detail.series.filter((s) => s.modality !== 'PT' && s.modality !== 'CT');
  replace(
    root,
    timepointHeader(detail, 'sessions'),
    h(
      'section',
      { class: 'card' },
      h('h2', {}, 'Series and sessions'),
      pets.length === 0
        ? h(
            'p',
            {},
            'No PET series imported yet: ',
            h('a', { href: `#/tp/${tid}/import` }, 'import'),
          )
        : form,
      others.length === 0
        ? null
        : h('p', { class: 'note' }, `Not used: ${others.map(seriesText).join('; ')}`),
    ),
  );
}
