/**
 * Lesions and seeds, one session at a time: the PET/CT viewer (mountViewer), the lesion list
 * (add, select, delete), a click on the PET places or moves the selected lesion's seed for this
 * session (PUT /api/lesions/:lid/seeds/:sid; typed LPS coordinates do the same), then its VOI
 * preview (GET /api/lesions/:lid/voi/:sid): numbers, warnings and the mask overlay.
 */
import type {
  LesionDetail,
  PointLps,
  SessionView,
  TimepointDetail,
} from '../../../src/server/api-types.ts';
import { api, asApiError, get } from '../api.ts';
import { h, replace } from '../dom.ts';
import { clearErrors, formErrorBox, labelled, showError } from '../errors.ts';
import { lpsText, sig3 } from '../format.ts';
import { navigate } from '../router.ts';
import type { Cleanup } from '../router.ts';
import { mountViewer, type CrosshairInfo, type ViewerHandle } from '../viewer-slot.ts';
import { timepointHeader } from './timepoint-nav.ts';
import { lesionForm, voiPanel } from './seeds-panels.ts';

function seedOf(lesion: LesionDetail, sessionId: number): PointLps | null {
  return lesion.seeds.find((s) => s.sessionId === sessionId)?.pointLps ?? null;
}

export async function renderSeeds(
  root: HTMLElement,
  [tid, sidParam]: number[],
): Promise<Cleanup | void> {
  // The session's view is asked for with the timepoint (not after it): the viewer's volume
  // fetches start one round trip sooner. A wrong session id is sent back to the first below.
  const viewing = sidParam === undefined ? null : get<SessionView>(`/sessions/${sidParam}/view`);
  viewing?.catch(() => undefined);
  let detail = await get<TimepointDetail>(`/timepoints/${tid}`);
  const first = detail.sessions[0];
  if (first === undefined) {
    replace(
      root,
      timepointHeader(detail, 'seeds'),
      h('p', {}, 'No sessions yet: ', h('a', { href: `#/tp/${tid}/sessions` }, 'assign them')),
    );
    return;
  }
  if (sidParam === undefined || !detail.sessions.some((s) => s.id === sidParam)) {
    navigate(`#/tp/${tid}/seeds/${first.id}`);
    return;
  }
  const sid = sidParam;
  const view = await (viewing ?? get<SessionView>(`/sessions/${sid}/view`));
  let selected: number | null = detail.lesions[0]?.id ?? null;
  let handle: ViewerHandle | null = null;
  let destroyed = false;

  const viewerBox = h('div', { class: 'viewer', 'data-testid': 'viewer' });
  const readout = h(
    'p',
    { class: 'readout', 'data-testid': 'crosshair', 'aria-live': 'off' },
    'crosshair: -',
  );
  const list = h('ul', { class: 'lesion-list', 'data-testid': 'lesion-list' });
  const voiBox = h('div', { 'data-testid': 'voi-box' });
  // The head (state, what is still missing) follows every change made on this page.
  const head = h('div', {});
  const seedError = formErrorBox();

  const showCrosshair = (info: CrosshairInfo): void => {
    const pet = info.petBqPerMl === null ? '-' : `${sig3(info.petBqPerMl)} Bq/mL`;
    const ct = info.ctHu === null ? '-' : `${Math.round(info.ctHu)} HU`;
    replace(readout, `crosshair LPS ${lpsText(info.pointLps)} mm · PET ${pet} · CT ${ct}`);
  };

  const updateSeeds = (): void => {
    handle?.setSeeds(
      detail.lesions
        .map((l) => ({ label: l.label, pointLps: seedOf(l, sid) }))
        .filter((s): s is { label: string; pointLps: PointLps } => s.pointLps !== null),
    );
  };

  const showVoi = async (): Promise<void> => {
    const lesion = detail.lesions.find((l) => l.id === selected);
    if (lesion === undefined || seedOf(lesion, sid) === null) {
      replace(
        voiBox,
        lesion === undefined
          ? 'Add a lesion, then click on it in the PET.'
          : `No seed for ${lesion.label} in ${view.label} yet: click on the lesion in the PET.`,
      );
      await handle?.showVoi(null);
      return;
    }
    replace(voiBox, h('p', { class: 'loading' }, `Segmenting ${lesion.label}…`));
    try {
      const voi = await voiPanel(voiBox, lesion, sid, handle);
      if (!destroyed) await handle?.showVoi(voi?.maskUrl ?? null, voi?.ctMaskUrl ?? null);
    } catch (error) {
      replace(voiBox, h('p', { class: 'error-box', role: 'alert' }, asApiError(error).error));
    }
  };

  const renderList = (): void => {
    replace(head, timepointHeader(detail, 'seeds'));
    replace(
      list,
      detail.lesions.map((lesion) => {
        const seed = seedOf(lesion, sid);
        const radio = h('input', {
          type: 'radio',
          name: 'lesion',
          value: lesion.id,
          checked: lesion.id === selected,
          'data-testid': `lesion-${lesion.label}`,
        });
        radio.id = `lesion-radio-${lesion.id}`;
        radio.addEventListener('change', () => {
          selected = lesion.id;
          renderList();
          if (seed !== null) handle?.goTo(seed);
          void showVoi();
        });
        const remove = h(
          'button',
          { type: 'button', 'aria-label': `delete lesion ${lesion.label}` },
          'Delete',
        );
        remove.addEventListener('click', () => {
          if (!window.confirm(`Delete lesion ${lesion.label} and its seeds in every session?`))
            return;
          api<TimepointDetail>('DELETE', `/lesions/${lesion.id}`).then(
            (next) => {
              detail = next;
              if (selected === lesion.id) selected = detail.lesions[0]?.id ?? null;
              renderList();
              updateSeeds();
              void showVoi();
            },
            (error) => showError(seedError.parentElement ?? root, asApiError(error)),
          );
        });
        return h(
          'li',
          { class: lesion.id === selected ? 'selected' : null, 'data-lesion': lesion.label },
          radio,
          h(
            'label',
            { for: radio.id },
            ` ${lesion.label}${lesion.site ? ` (${lesion.site})` : ''} `,
          ),
          h(
            'span',
            { class: 'note', 'data-testid': `seed-${lesion.label}` },
            seed === null ? 'no seed' : `seed ${lpsText(seed)}`,
          ),
          ' ',
          remove,
        );
      }),
    );
  };

  const placeSeed = async (pointLps: PointLps): Promise<void> => {
    clearErrors(seedPanel);
    if (selected === null) {
      showError(seedPanel, { error: 'Select or add a lesion first; the click places its seed.' });
      return;
    }
    try {
      detail = await api<TimepointDetail>('PUT', `/lesions/${selected}/seeds/${sid}`, { pointLps });
      renderList();
      updateSeeds();
      await showVoi();
    } catch (error) {
      showError(seedPanel, asApiError(error));
    }
  };

  const coords = (['x', 'y', 'z'] as const).map((axis) =>
    h('input', { type: 'number', step: 'any', size: 7, 'data-testid': `lps-${axis}` }),
  );
  const seedPanel = h(
    'form',
    { 'aria-label': 'seed by coordinates' },
    coords.map((input, i) =>
      labelled(`${['L (x)', 'P (y)', 'S (z)'][i]} mm`, `pointLps[${i}]`, input),
    ),
    h('button', { type: 'submit', 'data-testid': 'lps-submit' }, 'Place seed at LPS'),
    seedError,
  );
  seedPanel.addEventListener('submit', (event) => {
    event.preventDefault();
    const point = coords.map((c) => Number(c.value)) as PointLps;
    if (coords.some((c) => c.value.trim() === '') || point.some((v) => !Number.isFinite(v))) {
      showError(seedPanel, {
        error: 'pointLps: three numbers (LPS millimetres) expected',
        field: 'pointLps',
      });
      return;
    }
    handle?.goTo(point);
    void placeSeed(point);
  });

  const added = lesionForm(tid ?? 0, (next, lesionId) => {
    detail = next;
    selected = lesionId;
    renderList();
    void showVoi();
  });

  replace(
    root,
    head,
    h(
      'nav',
      { class: 'steps', 'aria-label': 'sessions' },
      'Session: ',
      detail.sessions.map((s) =>
        h(
          'a',
          {
            href: `#/tp/${tid}/seeds/${s.id}`,
            class: s.id === sid ? 'active' : null,
            'data-testid': `session-${s.label}`,
          },
          `${s.label}${s.hoursAfterAdministration === null ? '' : ` (${sig3(s.hoursAfterAdministration)} h)`}`,
        ),
      ),
    ),
    h(
      'div',
      { class: 'seed-layout' },
      h('div', {}, viewerBox, readout),
      h(
        'div',
        {},
        h(
          'section',
          { class: 'card' },
          h('h2', {}, 'Lesions'),
          h(
            'p',
            { class: 'note' },
            'Select a lesion, then click on it in the PET to place or move its seed for this session.',
          ),
          list,
          added,
        ),
        h('section', { class: 'card' }, h('h2', {}, 'Seed by coordinates'), seedPanel),
        h('section', { class: 'card' }, h('h2', {}, 'VOI preview'), voiBox),
      ),
    ),
  );
  renderList();
  handle = await mountViewer(viewerBox, view, {
    onCrosshair: showCrosshair,
    onPick: (p) => void placeSeed(p),
  });
  if (destroyed) handle.destroy();
  updateSeeds();
  const start = detail.lesions.find((l) => l.id === selected);
  const startSeed = start === undefined ? null : seedOf(start, sid);
  if (startSeed !== null) handle.goTo(startSeed);
  void showVoi();
  return () => {
    destroyed = true;
    handle?.destroy();
  };
}
