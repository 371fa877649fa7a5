/**
 * The server's ApiError shown next to the field it names (`field` is the manifest-style path,
 * "blood[1].concBqPerMl"), in the CLI's words; a form-level box when no input carries that path.
 */
import type { ApiError } from '../../src/server/api-types.ts';
import { h, replace } from './dom.ts';

/** The message as the CLI prints it, with expected and hint when the message lacks them. */
export function errorText(error: ApiError): string {
  const parts = [error.error];
  if (error.expected !== undefined && !error.error.includes(error.expected)) {
    parts.push(`expected: ${error.expected}`);
  }
  if (error.hint !== undefined && !error.error.includes(error.hint))
    parts.push(`fix: ${error.hint}`);
  return parts.join(' - ');
}

/** Removes the error messages shown inside `root`. */
export function clearErrors(root: HTMLElement): void {
  for (const slot of root.querySelectorAll<HTMLElement>('[data-error-for]')) replace(slot);
  for (const input of root.querySelectorAll<HTMLElement>('[aria-invalid]')) {
    input.removeAttribute('aria-invalid');
  }
  const box = root.querySelector<HTMLElement>('[data-form-error]');
  if (box) replace(box);
}

/**
 * Shows `error` at the input whose data-field is its field, or the nearest parent path
 * ("blood[1].at" -> "blood[1]" -> "blood"), else in the form's [data-form-error] box.
 */
export function showError(root: HTMLElement, error: ApiError): void {
  const message = h(
    'span',
    { class: 'error', role: 'alert', 'data-testid': 'field-error' },
    errorText(error),
  );
  const slots = [...root.querySelectorAll<HTMLElement>('[data-error-for]')];
  let path = error.field;
  while (path !== undefined && path.length > 0) {
    const p = path;
    // Exact, else one path inside the other ("patient.weightKg" vs the form's "weightKg").
    const slot =
      slots.find((s) => s.dataset['errorFor'] === p) ??
      slots.find(
        (s) =>
          p.endsWith(`.${s.dataset['errorFor'] ?? ''}`) ||
          (s.dataset['errorFor'] ?? '').endsWith(`.${p}`),
      );
    if (slot) {
      replace(slot, message);
      const name = slot.dataset['errorFor'] ?? '';
      root
        .querySelector(`[data-field="${CSS.escape(name)}"]`)
        ?.setAttribute('aria-invalid', 'true');
      return;
    }
    const shorter = path.replace(/(\.[^.[\]]+|\[\d+\])$/, '');
    path = shorter === path ? undefined : shorter;
  }
  const box = root.querySelector<HTMLElement>('[data-form-error]');
  if (box) replace(box, message);
  else root.prepend(h('p', { class: 'error-box' }, message));
}

/** A labelled input with its error slot; `field` is the manifest path the server names. */
export function labelled(
  label: string,
  field: string,
  input: HTMLElement,
  note?: string,
): HTMLElement {
  const id = input.id || `f-${field.replace(/[^A-Za-z0-9]/g, '-')}`;
  input.id = id;
  input.setAttribute('data-field', field);
  input.setAttribute('name', field);
  return h(
    'div',
    { class: 'field' },
    h('label', { for: id }, label),
    input,
    note === undefined ? null : h('small', { class: 'note' }, note),
    h('span', { 'data-error-for': field }),
  );
}

/** An error box for messages that name no field (or a field without an input). */
export function formErrorBox(): HTMLElement {
  return h('div', { 'data-form-error': true, 'aria-live': 'polite' });
}
