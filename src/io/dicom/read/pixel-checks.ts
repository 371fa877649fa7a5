/**
 * The Image Pixel Module values (PS3.3 C.7.6.3), Number of Frames (C.7.6.6) and the Modality LUT
 * rescale (C.11.1) of one file, checked before any pixel is touched: an impossible value is an
 * InputError naming the file and the attribute, never a huge allocation or a garbage image.
 */
import { InputError } from '../../../core/errors.ts';
import type { PixelFormat } from './codecs.ts';
import { num, present, str, type Dataset } from './read-file.ts';
import { TAG } from '../tags.ts';

/**
 * Largest Rows or Columns accepted (our choice): PET matrices are 128-512 and CT 512-1024; 4096
 * leaves room for any cross-sectional image while a damaged value (e.g. 65,535) is refused.
 */
export const MAX_ROWS_COLUMNS = 4096;
/**
 * Largest Number of Frames of one file (our choice): an enhanced whole-body CT has about 2,000
 * frames, a dynamic enhanced PET 50 x 600 = 30,000; 100,000 is refused before any allocation.
 */
export const MAX_FRAMES = 100_000;
const HINT = 'the file is damaged or not a supported image: export the series again';

/** A value for a message: quoted text, or "empty or not a number" (dcmjs gives null for both). */
function shown(ds: Dataset, key: string): string {
  const text = str(ds, key);
  return text === undefined ? '(empty or not a number)' : JSON.stringify(text);
}

function integer(
  ds: Dataset,
  key: string,
  file: string,
  field: string,
  range: [number, number],
  fallback?: number,
): number {
  const value = num(ds, key);
  if (value === undefined) {
    if (!present(ds, key) && fallback !== undefined) return fallback;
    throw new InputError(
      { file, field },
      present(ds, key) ? `${shown(ds, key)} is not a number` : 'missing',
      'the file is not a cross-sectional image (or is damaged)',
    );
  }
  if (!Number.isInteger(value) || value < range[0] || value > range[1]) {
    throw new InputError(
      { file, field },
      `${value} is not an integer from ${range[0]} to ${range[1]}`,
      HINT,
    );
  }
  return value;
}

/** Rows, Columns, Bits Allocated/Stored and Pixel Representation, each checked. */
export function pixelFormat(ds: Dataset, file: string): PixelFormat {
  const rows = integer(ds, 'Rows', file, TAG.rows, [1, MAX_ROWS_COLUMNS]);
  const columns = integer(ds, 'Columns', file, TAG.columns, [1, MAX_ROWS_COLUMNS]);
  const bitsAllocated = integer(ds, 'BitsAllocated', file, TAG.bitsAllocated, [1, 64]);
  if (![8, 16, 32].includes(bitsAllocated)) {
    throw new InputError(
      { file, field: TAG.bitsAllocated },
      `Bits Allocated ${bitsAllocated} is not supported (expected 8, 16 or 32)`,
      HINT,
    );
  }
  const field = '(0028,0101) Bits Stored';
  const bitsStored = integer(ds, 'BitsStored', file, field, [1, bitsAllocated], 0);
  const pixelRepresentation = integer(
    ds,
    'PixelRepresentation',
    file,
    '(0028,0103) Pixel Representation',
    [0, 1],
    0,
  );
  return { rows, columns, bitsAllocated, bitsStored, pixelRepresentation };
}

/** (0028,0008) Number of Frames: 1 when absent, else a positive integer up to MAX_FRAMES. */
export function frameCount(ds: Dataset, file: string): number {
  return integer(ds, 'NumberOfFrames', file, TAG.numberOfFrames, [1, MAX_FRAMES], 1);
}

/** Rescale Slope and Intercept of a plane, and whether the identity was assumed. */
export interface Rescale {
  slope: number;
  intercept: number;
  /** True when a CT plane had neither attribute and the identity was assumed. */
  assumed: boolean;
}

/**
 * Rescale Slope/Intercept (PS3.3 C.11.1: output = stored x slope + intercept) from `transform`
 * (the file, or its Pixel Value Transformation functional group). A slope that is 0, negative or
 * not a number is refused for every modality. PET (C.8.9.4, both Type 1) without a slope is
 * refused: PET slopes differ per slice and are never 1 by default; a missing PET intercept is 0,
 * the only value C.8.9.4 allows. CT: both are Type 1 in the CT Image Module (C.8.2.1), but some
 * converters drop them; with neither present the Modality LUT is the identity (C.11.1: stored
 * values are the output), assumed here with a warning from the reader; with only one present
 * the file is refused. Other modalities (MR) have no rescale: identity.
 */
export function planeRescale(transform: Dataset, modality: string, file: string): Rescale {
  const field = TAG.rescaleSlope;
  const hasSlope = present(transform, 'RescaleSlope');
  const hasIntercept = present(transform, 'RescaleIntercept');
  const slope = num(transform, 'RescaleSlope');
  const intercept = num(transform, 'RescaleIntercept');
  if (hasSlope && (slope === undefined || !(slope > 0))) {
    throw new InputError(
      { file, field },
      `Rescale Slope ${shown(transform, 'RescaleSlope')}: expected a positive number`,
      'a slope of 0, below 0 or not a number makes every voxel value wrong; export the series again',
    );
  }
  if (hasIntercept && intercept === undefined) {
    throw new InputError(
      { file, field: '(0028,1052) Rescale Intercept' },
      `Rescale Intercept ${shown(transform, 'RescaleIntercept')} is not a number`,
      HINT,
    );
  }
  if (modality === 'PT' && slope === undefined) {
    throw new InputError(
      { file, field },
      'PET slice without Rescale Slope: PET values cannot be quantified (the slope is not 1 by default for PET)',
      'export the original PET series from the scanner',
    );
  }
  if (modality === 'CT' && hasSlope !== hasIntercept) {
    throw new InputError(
      { file, field: hasSlope ? '(0028,1052) Rescale Intercept' : field },
      `CT slice with Rescale ${hasSlope ? 'Slope' : 'Intercept'} but without Rescale ${hasSlope ? 'Intercept' : 'Slope'}: the Hounsfield units cannot be found`,
      'export the original CT series from the scanner',
    );
  }
  return {
    slope: slope ?? 1,
    intercept: intercept ?? 0,
    assumed: modality === 'CT' && !hasSlope && !hasIntercept,
  };
}

/**
 * Native (uncompressed) Pixel Data must hold rows x columns x frames x Bits Allocated / 8 bytes,
 * plus at most one byte of padding to an even length (PS3.5 8.1.1, 7.1.1).
 */
export function checkNativeLength(
  byteLength: number,
  format: PixelFormat,
  frames: number,
  file: string,
): void {
  const expected = format.rows * format.columns * frames * (format.bitsAllocated / 8);
  if (byteLength >= expected && byteLength <= expected + 1) return;
  throw new InputError(
    { file, field: TAG.pixelData },
    `Pixel Data holds ${byteLength} bytes, but ${format.columns} x ${format.rows} pixels x ${frames} frame(s) x ${format.bitsAllocated / 8} bytes need ${expected}`,
    byteLength < expected
      ? 'the file is truncated: copy or export it again'
      : 'Rows, Columns, Number of Frames or Bits Allocated are wrong: export the series again',
  );
}
