/**
 * How the viewer looks: niivue's options (three planes, no 3D tile, radiological convention,
 * right-drag window/level) and the colour maps and opacities of the fusion.
 */
import { DRAG_MODE, MULTIPLANAR_TYPE, Niivue, SHOW_RENDER, SLICE_TYPE } from '@niivue/niivue';

export const PET_COLORMAP = 'hot';
/** niivue's 'gray' ramps alpha 0 -> 0.5, and niivue weights an overlay by its alpha over the
 *  background's (mix(back, over, a_over / (a_back + a_over (1 - a_back)))): so a grey CT at
 *  alpha 0.25 would let a 0.5 PET take 80 % of the pixel. An opaque grey keeps the blend 50/50. */
export const CT_COLORMAP = 'iodose-ct-gray';
const CT_GRAY = { R: [0, 255], G: [0, 255], B: [0, 255], A: [255, 255], I: [0, 255] };
/** PET weight over CT (alone it is opaque). niivue paints every overlay voxel above cal_min at
 *  this opacity (its alpha is binary for overlays), so this is the fusion's PET/CT mix. */
export const PET_OVER_CT_OPACITY = 0.5;
/** The masks: a solid outline (niivue's atlas outline) over a faint fill. */
export const VOI_FILL_OPACITY = 0.25;
/** Mask colours (RGB): the PET VOI green, the CT region cyan (apart from PET's red-yellow and
 *  the CT's grey, and from each other where they overlap at the lesion edge). */
export const MASK_RGB = { voi: [40, 255, 60], ct: [0, 200, 255] } as const;
export type MaskKind = keyof typeof MASK_RGB;

/** A niivue instance with the viewer's options and the opaque CT grey registered. */
export function createNiivue(): Niivue {
  const nv = new Niivue({
    backColor: [0, 0, 0, 1],
    crosshairColor: [0.35, 0.65, 1, 0.85],
    crosshairWidth: 1,
    crosshairWidthUnit: 'mm',
    sliceType: SLICE_TYPE.MULTIPLANAR,
    multiplanarShowRender: SHOW_RENDER.NEVER,
    multiplanarLayout: MULTIPLANAR_TYPE.AUTO,
    isRadiologicalConvention: true,
    dragMode: DRAG_MODE.windowing,
    dragAndDropEnabled: false,
    isColorbar: false,
    logLevel: 'warn',
  });
  nv.addColormap(CT_COLORMAP, CT_GRAY);
  return nv;
}
