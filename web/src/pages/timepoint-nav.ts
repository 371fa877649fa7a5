/** The head of every timepoint page: patient, timepoint, state, what is missing, the steps. */
import type { TimepointDetail } from '../../../src/server/api-types.ts';
import { h } from '../dom.ts';

export type Step = 'import' | 'sessions' | 'seeds' | 'data' | 'run';

const STEPS: [Step, string][] = [
  ['import', '1 Import'],
  ['sessions', '2 Sessions'],
  ['seeds', '3 Lesions and seeds'],
  ['data', '4 Patient, tracer, samples'],
  ['run', '5 Run and results'],
];

export function timepointHeader(detail: TimepointDetail, active: Step): HTMLElement {
  return h(
    'div',
    { class: 'tp-head' },
    h(
      'h1',
      {},
      h('a', { href: '#/' }, 'Patients'),
      ' / ',
      detail.patientCode,
      ' / ',
      detail.label,
      ' ',
      h('span', { class: `state state-${detail.state}`, 'data-testid': 'tp-state' }, detail.state),
    ),
    h(
      'nav',
      { class: 'steps', 'aria-label': 'steps' },
      STEPS.map(([step, text]) =>
        h(
          'a',
          {
            href: `#/tp/${detail.id}/${step}`,
            class: step === active ? 'active' : null,
            'aria-current': step === active ? 'page' : null,
            'data-testid': `step-${step}`,
          },
          text,
        ),
      ),
    ),
    detail.missing.length === 0
      ? null
      : h(
          'p',
          { class: 'note', 'data-testid': 'tp-missing' },
          'Still missing before a run: ',
          detail.missing.join('; '),
        ),
  );
}
