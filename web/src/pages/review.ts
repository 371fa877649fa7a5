/** The review/sign-off of a run (POST /api/runs/:rid/review, one per run, in the audit log). */
import type { ReviewInput, RunDetail } from '../../../src/server/api-types.ts';
import { api, asApiError } from '../api.ts';
import { h } from '../dom.ts';
import { clearErrors, formErrorBox, labelled, showError } from '../errors.ts';
import { refresh } from '../router.ts';

export function reviewSection(run: RunDetail): HTMLElement {
  if (run.review !== null) {
    return h(
      'section',
      { class: 'card', 'data-testid': 'review' },
      h('h2', {}, 'Review'),
      h(
        'p',
        { 'data-testid': 'review-done' },
        `Reviewed ${run.review.atUtc} UTC by ${run.review.byClient}`,
      ),
      run.review.note === '' ? null : h('blockquote', {}, run.review.note),
    );
  }
  const note = h('textarea', { rows: 3, cols: 60, 'data-testid': 'review-note' });
  const form = h(
    'form',
    { 'aria-label': 'review' },
    labelled('Note (what you checked)', 'note', note),
    h(
      'button',
      { type: 'submit', class: 'primary', 'data-testid': 'review-submit' },
      'Sign off this run',
    ),
    formErrorBox(),
  );
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    clearErrors(form);
    const body: ReviewInput = { note: note.value };
    api<RunDetail>('POST', `/runs/${run.id}/review`, body).then(refresh, (error) =>
      showError(form, asApiError(error)),
    );
  });
  return h(
    'section',
    { class: 'card', 'data-testid': 'review' },
    h('h2', {}, 'Review'),
    h('p', {}, 'Not reviewed yet.'),
    form,
  );
}
