// Volume precedence in one place (study/lesion-volume.ts): given > CT masks > diameters > CT
// regions (when measured on a PET) > PET VOIs (fallback) > measurement rows' volumeMl, each
// choice saying where the number came from (results.json lesions[].volumeSource). Expected
// volumes written here: means by hand, the ellipsoid pi/6 a b c (mm^3 -> mL).
import { describe, expect, it } from 'vitest';
import { InputError } from '../../src/core/errors.ts';
import { sourceText } from '../../src/dosimetry/value-source.ts';
import { chooseLesionVolume, type VolumeCandidates } from '../../src/study/lesion-volume.ts';

const none: VolumeCandidates = {
  lesionId: 'L2',
  lesionIndex: 1,
  masks: [],
  ctRegions: [],
  petVois: [],
  rows: [],
};
const given = { volumeMl: 3.3 };
const masks = {
  masks: [
    { kind: 'SEG', volumeMl: 2, field: 'lesions[1].ctMasks[0]' },
    { kind: 'RTSTRUCT', volumeMl: 3, field: 'lesions[1].ctMasks[1]' },
  ],
};
const diameters = { diametersMm: [10, 20, 30] as const };
const ctRegions = {
  ctRegions: [
    { volumeMl: 4, ct: 'scan pet24' },
    { volumeMl: 5, ct: 'extra CT ct3' },
  ],
};
const petVois = {
  petVois: [
    { volumeMl: 6, scanId: 'pet24' },
    { volumeMl: 8, scanId: 'pet96' },
  ],
};
const rows = {
  rows: [
    { volumeMl: 1, index: 0 },
    { volumeMl: 2, index: 5 },
  ],
};
const ellipsoidMl = (Math.PI / 6) * 10 * 20 * 30 * 1e-3;

/** [case, candidates, kind, volume mL, volumeSource, averaged volumes] */
const TABLE: [string, Partial<VolumeCandidates>, string, number, string, number[]][] = [
  [
    'given beats everything',
    { ...given, ...masks, ...diameters, ...ctRegions, ...petVois, ...rows },
    'given',
    3.3,
    'lesions[1].volumeMl',
    [],
  ],
  [
    'CT masks beat diameters',
    { ...masks, ...diameters, ...ctRegions, ...petVois, ...rows },
    'ct-mask',
    2.5,
    'ct-mask (mean of 2 masks: SEG lesions[1].ctMasks[0], RTSTRUCT lesions[1].ctMasks[1])',
    [2, 3],
  ],
  [
    'diameters beat CT regions',
    { ...diameters, ...ctRegions, ...petVois, ...rows },
    'ellipsoid',
    ellipsoidMl,
    'ellipsoid from lesions[1].diametersMm',
    [],
  ],
  [
    'CT regions beat the PET VOIs',
    { ...ctRegions, ...petVois, ...rows },
    'ct-region-growing',
    4.5,
    'ct-region-growing (mean of 2 CTs: scan pet24, extra CT ct3)',
    [4, 5],
  ],
  [
    'CT regions alone (no PET VOI) do not count: the rows',
    { ...ctRegions, ...rows },
    'measurement-rows',
    1.5,
    'mean of measurements.lesions[0].volumeMl, measurements.lesions[5].volumeMl',
    [1, 2],
  ],
  [
    'the PET VOIs beat the rows',
    { ...petVois, ...rows },
    'pet-isocontour',
    7,
    'pet-isocontour (fallback, mean of 2 VOIs: scan pet24, scan pet96)',
    [6, 8],
  ],
  [
    'one row: its field',
    { rows: [{ volumeMl: 1.25, index: 3 }] },
    'measurement-rows',
    1.25,
    'measurements.lesions[3].volumeMl',
    [1.25],
  ],
  [
    'one CT region: which CT',
    { ctRegions: [{ volumeMl: 4, ct: 'scan pet24' }], ...petVois },
    'ct-region-growing',
    4,
    'ct-region-growing (scan pet24)',
    [4],
  ],
];

describe('lesion volume precedence', () => {
  it.each(TABLE)('%s', (_, candidates, kind, volumeMl, volumeSource, averaged) => {
    const chosen = chooseLesionVolume({ ...none, ...candidates });
    expect(chosen.kind).toBe(kind);
    expect(chosen.volumeMl).toBeCloseTo(volumeMl, 12);
    expect(sourceText(chosen.source)).toBe(volumeSource);
    expect(chosen.volumesMl).toEqual(averaged);
  });

  it('the PET fallback warns; CT volumes 20% (CV) apart warn', () => {
    expect(chooseLesionVolume({ ...none, ...petVois }).warnings[0]).toMatch(/^no CT volume/);
    const apart = chooseLesionVolume({
      ...none,
      ...petVois,
      ...{
        ctRegions: [
          { volumeMl: 4, ct: 'scan pet24' },
          { volumeMl: 6, ct: 'scan pet96' },
        ],
      },
    });
    // CV of 4 and 6: sd sqrt(2) / mean 5 = 28%
    expect(apart.warnings).toEqual(['CT volumes differ between scans by 28% (CV)']);
    expect(chooseLesionVolume({ ...none, ...petVois, ...ctRegions }).warnings).toEqual([]);
  });

  it('no volume at all: an InputError on lesions[i].volumeMl', () => {
    expect(() => chooseLesionVolume(none)).toThrow(InputError);
    expect(() => chooseLesionVolume(none)).toThrow(
      /^lesions\[1\]\.volumeMl: lesion "L2" has no volume/,
    );
  });

  it('an empty mask (0 mL) or a non-finite VOI volume is refused on its field, not averaged in', () => {
    const empty = {
      masks: [
        { kind: 'NIfTI', volumeMl: 2, field: 'lesions[1].ctMasks[0]' },
        { kind: 'NIfTI', volumeMl: 0, field: 'lesions[1].ctMasks[1]' },
      ],
    };
    // a plain mean would give 1 mL, half the lesion
    expect(() => chooseLesionVolume({ ...none, ...empty })).toThrow(
      /^lesions\[1\]\.ctMasks: CT volumes must be one or more positive numbers of mL, got \[2, 0\]/,
    );
    const nan = { petVois: [{ volumeMl: NaN, scanId: 'pet24' }] };
    expect(() => chooseLesionVolume({ ...none, ...nan })).toThrow(/^lesions\[1\]: CT volumes must/);
  });
});
