/**
 * The viewer's toolbar: CT window/level (presets and inputs; niivue's right-button drag changes it
 * too, and the inputs follow) and the PET display range in Bq/mL with its colour bar. Plain DOM;
 * the caller applies the numbers to the volumes.
 */
import { h, replace } from '../dom.ts';
import { sig3 } from '../format.ts';

/** CT window presets, HU (level / width): common radiology display settings. */
export const CT_PRESETS = {
  'soft tissue': { levelHu: 40, widthHu: 400 },
  lung: { levelHu: -600, widthHu: 1500 },
  bone: { levelHu: 400, widthHu: 1800 },
} as const;

export interface Controls {
  element: HTMLElement;
  /** Shows a window/level set elsewhere (a drag) in the inputs. */
  showWindow(levelHu: number, widthHu: number): void;
}

export interface ControlEvents {
  onWindow(levelHu: number, widthHu: number): void;
  onPetRange(minBqPerMl: number, maxBqPerMl: number): void;
}

const BAR_STYLE =
  'display:inline-block;width:160px;height:12px;vertical-align:middle;border:1px solid #666';

function numberInput(testid: string, value: number, label: string): HTMLInputElement {
  return h('input', {
    type: 'number',
    step: 'any',
    value,
    'data-testid': testid,
    'aria-label': label,
    style: 'width:6em',
  });
}

/**
 * Builds the toolbar. `colormap` is niivue's RGBA lookup table of the PET colour map (256 x 4),
 * drawn as the colour bar, so the bar shows the colours niivue paints.
 */
export function buildControls(
  hasCt: boolean,
  petRange: [number, number],
  colormap: Uint8ClampedArray,
  events: ControlEvents,
): Controls {
  const start = CT_PRESETS['soft tissue'];
  const preset = h(
    'select',
    { 'data-testid': 'ct-preset', 'aria-label': 'CT window preset' },
    Object.keys(CT_PRESETS).map((name) => h('option', { value: name }, name)),
    h('option', { value: 'custom' }, 'custom'),
  );
  const level = numberInput('ct-level', start.levelHu, 'CT level (HU)');
  const width = numberInput('ct-width', start.widthHu, 'CT window width (HU)');
  const applyWindow = (): void => {
    const l = Number(level.value);
    const w = Number(width.value);
    if (Number.isFinite(l) && Number.isFinite(w) && w > 0) events.onWindow(l, w);
  };
  preset.addEventListener('change', () => {
    const p = CT_PRESETS[preset.value as keyof typeof CT_PRESETS] as
      { levelHu: number; widthHu: number } | undefined;
    if (p === undefined) return;
    level.value = String(p.levelHu);
    width.value = String(p.widthHu);
    applyWindow();
  });
  for (const input of [level, width]) {
    input.addEventListener('change', () => {
      preset.value = 'custom';
      applyWindow();
    });
  }

  // Shown to 4 significant digits (the server's range is a voxel value, 21126.16…).
  const shown = (v: number): number => Number(v.toPrecision(4));
  const petMin = numberInput('pet-min', shown(petRange[0]), 'PET display minimum (Bq/mL)');
  const petMax = numberInput('pet-max', shown(petRange[1]), 'PET display maximum (Bq/mL)');
  const bar = h('canvas', {
    width: 256,
    height: 1,
    style: BAR_STYLE,
    'data-testid': 'pet-colorbar',
  });
  const context = bar.getContext('2d');
  if (context !== null) {
    const image = context.createImageData(256, 1);
    image.data.set(colormap.subarray(0, 256 * 4));
    for (let n = 0; n < 256; n++) image.data[4 * n + 3] = 255;
    context.putImageData(image, 0, 0);
  }
  const barLow = h('span', { 'data-testid': 'pet-colorbar-min' });
  const barHigh = h('span', { 'data-testid': 'pet-colorbar-max' });
  const labelBar = (lo: number, hi: number): void => {
    replace(barLow, sig3(lo));
    replace(barHigh, `${sig3(hi)} Bq/mL`);
  };
  labelBar(petRange[0], petRange[1]);
  const applyPet = (): void => {
    const lo = Number(petMin.value);
    const hi = Number(petMax.value);
    const ok = Number.isFinite(lo) && Number.isFinite(hi) && hi > lo;
    for (const input of [petMin, petMax]) input.setAttribute('aria-invalid', String(!ok));
    if (!ok) return;
    labelBar(lo, hi);
    events.onPetRange(lo, hi);
  };
  petMin.addEventListener('change', applyPet);
  petMax.addEventListener('change', applyPet);

  const ctGroup = hasCt
    ? h(
        'span',
        { class: 'viewer-ct' },
        'CT ',
        preset,
        ' L ',
        level,
        ' W ',
        width,
        ' HU',
        h('span', { class: 'note' }, ' (or right-drag)'),
      )
    : h('span', { class: 'note' }, 'no CT for this session');
  const element = h(
    'div',
    {
      class: 'viewer-controls',
      style:
        'display:flex;flex-wrap:wrap;gap:0.4rem 1.2rem;align-items:center;padding:0.3rem 0.5rem;background:#1d2227;color:#eee;font-size:0.85rem',
    },
    ctGroup,
    h('span', {}, 'PET ', petMin, ' to ', petMax, ' Bq/mL'),
    h('span', { 'aria-label': 'PET colour bar' }, barLow, ' ', bar, ' ', barHigh),
  );
  return {
    element,
    showWindow(l, w) {
      level.value = String(Math.round(l));
      width.value = String(Math.round(w));
      preset.value = 'custom';
    },
  };
}
