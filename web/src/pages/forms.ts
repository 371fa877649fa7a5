/** Small form pieces the data pages share: inputs, numbers typed, a form that saves itself. */
import { asApiError } from '../api.ts';
import { h, replace } from '../dom.ts';
import { clearErrors, formErrorBox, showError } from '../errors.ts';

type Input = HTMLInputElement;

export function numberInput(value: number | null | undefined, testid: string): Input {
  return h('input', { type: 'number', step: 'any', value: value ?? '', 'data-testid': testid });
}

export function textInput(
  value: string | null | undefined,
  testid: string,
  placeholder = '',
): Input {
  return h('input', { type: 'text', value: value ?? '', placeholder, 'data-testid': testid });
}

/** The number typed, undefined when empty (the server names a bad value; NaN is sent as text). */
export function numberOf(input: Input): number | undefined {
  if (input.value.trim() === '') return undefined;
  const n = Number(input.value);
  return Number.isFinite(n) ? n : (input.value as unknown as number);
}

/** A form that sends `body()` and shows the answer's error next to its field. */
export function savingForm(
  name: string,
  fields: HTMLElement[],
  send: () => Promise<unknown>,
  testid: string,
): HTMLFormElement {
  const status = h('span', {
    class: 'note',
    'aria-live': 'polite',
    'data-testid': `${testid}-status`,
  });
  const form = h(
    'form',
    { 'aria-label': name },
    fields,
    h(
      'div',
      {},
      h(
        'button',
        { type: 'submit', class: 'primary', 'data-testid': `${testid}-save` },
        `Save ${name}`,
      ),
      ' ',
      status,
    ),
    formErrorBox(),
  );
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    clearErrors(form);
    replace(status, 'saving…');
    send().then(
      () => {
        replace(status, 'saved');
        // The page updates its head (state, what is missing); other forms keep what is typed.
        form.dispatchEvent(new Event('iodose:saved', { bubbles: true }));
      },
      (error) => {
        replace(status);
        showError(form, asApiError(error));
      },
    );
  });
  return form;
}
