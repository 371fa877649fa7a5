/**
 * The cohort view (GET /api/cohort): the `iodose cohort` tables and figures over the latest run
 * of each timepoint, its self-contained HTML in a sandboxed frame (no scripts), and the notes on
 * timepoints left out; above them the cohort settings (cohort-settings.ts).
 */
import type { CohortSettings, CohortView } from '../../../src/server/api-types.ts';
import { get } from '../api.ts';
import { h, replace } from '../dom.ts';
import { cohortSettingsForm } from './cohort-settings.ts';

export async function renderCohort(root: HTMLElement): Promise<void> {
  const cohort = await get<CohortView>('/cohort');
  // Null where the server offers no settings (the route is absent).
  const settings = await get<CohortSettings>('/cohort/settings').catch(() => null);
  const frame = h('iframe', {
    class: 'cohort',
    sandbox: '',
    title: 'cohort report',
    'data-testid': 'cohort-frame',
  });
  if (cohort.html !== null) frame.srcdoc = cohort.html;
  replace(
    root,
    h('h1', {}, 'Cohort'),
    settings === null ? null : cohortSettingsForm(settings),
    cohort.notes.length === 0
      ? null
      : h(
          'ul',
          { class: 'warnings', 'data-testid': 'cohort-notes' },
          cohort.notes.map((n) => h('li', {}, n)),
        ),
    cohort.html === null
      ? h(
          'p',
          { 'data-testid': 'cohort-empty' },
          'No runs yet: the cohort view needs at least one run.',
        )
      : frame,
  );
}
