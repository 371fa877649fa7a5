/**
 * Loading volumes into niivue with as few GPU passes as possible. niivue's loadVolumes adds the
 * volumes one by one, and every add re-renders every layer (updateGLVolume: each layer resliced
 * into the background grid, plus a blur/Sobel gradient of the background for 3D rendering), so
 * CT + PET cost the CT twice; on SwiftShader (software WebGL) that is seconds. Here the NIfTI
 * files are fetched and parsed (NVImage.loadFromUrl, no GL needed) while niivue attaches to its
 * canvas, and all of them are handed over at once: one updateGLVolume.
 */
import { NVImage, type Niivue } from '@niivue/niivue';

export interface VolumeSpec {
  url: string;
  colormap: string;
  calMin: number;
  calMax: number;
  opacity: number;
}

/** Fetches and parses the volumes (in parallel); no GL involved. */
export function fetchVolumes(specs: VolumeSpec[]): Promise<NVImage[]> {
  return Promise.all(
    specs.map((s) =>
      NVImage.loadFromUrl({
        url: s.url,
        colormap: s.colormap,
        cal_min: s.calMin,
        cal_max: s.calMax,
        opacity: s.opacity,
        trustCalMinMax: true,
      }),
    ),
  );
}

/** Makes `images` niivue's volumes (the first is the background) with one GPU refresh. */
export function showVolumes(nv: Niivue, images: NVImage[]): void {
  const last = images.at(-1);
  if (last === undefined) return;
  nv.volumes = images.slice(0, -1);
  nv.addVolume(last); // sets the background and overlays, then one updateGLVolume
}

/**
 * The mask as a label image (intent NIFTI_INTENT_LABEL, 1002) drawn with niivue's outline, in
 * `rgb`. niivue places it by its own affine, so a mask on the CT grid lands on the CT voxels.
 */
export async function fetchMask(
  url: string,
  fillOpacity: number,
  rgb: readonly [number, number, number],
): Promise<NVImage> {
  const image = await NVImage.loadFromUrl({ url, opacity: fillOpacity });
  if (image.hdr !== null) image.hdr.intent_code = 1002;
  const [r, g, b] = rgb;
  image.setColormapLabel({ R: [0, r], G: [0, g], B: [0, b], A: [0, 255], I: [0, 1] });
  return image;
}
