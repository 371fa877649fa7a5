// A lesion with only ctSeedsLps (a region grown on an extra CT: a volume, no activity) and no PET
// seed or CT mask used to be dropped silently, its region and warnings with it (issue 8 review).
// It is refused, naming lesions[i].ctSeedsLps and what is missing, on both input paths.
import { describe, expect, it } from 'vitest';
import { inputErrorOf } from '../helpers/input-error.ts';
import { demoManifest } from '../../src/demo/demo-patient.ts';
import type { StudyManifest } from '../../src/io/manifest/manifest-schema.ts';
import { checkCtSeedsUsable } from '../../src/study/lesion-seeds.ts';
import { measureStudyImages } from '../../src/study/measure-lesions.ts';
import { runStudy } from '../../src/study/run-study.ts';

const context = { manifestPath: null, inputsSha256: 'x', createdAt: 'now' };

/** The demo manifest with lesion `index` given a CT seed on an extra CT, and `extra` fields. */
function withCtSeed(index: number, extra: Record<string, unknown> = {}): StudyManifest {
  const manifest = demoManifest();
  const lesion = manifest.lesions[index];
  if (lesion === undefined) throw new Error(`the demo has no lesions[${index}]`);
  Object.assign(lesion, { ctSeedsLps: { ct2: [10, -20, 30] }, ...extra });
  return manifest;
}

describe('ctSeedsLps without a PET seed', () => {
  it('measurement-level input: runStudy refuses it at lesions[1].ctSeedsLps', () => {
    const error = inputErrorOf(() => runStudy(withCtSeed(1), context));
    expect(error.field).toBe('lesions[1].ctSeedsLps');
    expect(error.message).toMatch(/no PET seed \(lesions\[1\]\.seedsLps, seedsRas or seedsIjk\)/);
    expect(error.message).toMatch(/no lesions\[1\]\.ctMasks/);
    expect(error.hint).toMatch(/add lesions\[1\]\.seedsLps .* remove ctSeedsLps/);
  });

  it('image-level input: measureStudyImages refuses it before any region is grown', () => {
    const error = inputErrorOf(() =>
      measureStudyImages(withCtSeed(0), { sessions: [], extraCts: [], masks: [] }),
    );
    expect(error.field).toBe('lesions[0].ctSeedsLps');
    expect(error.message).toMatch(/no PET seed/);
  });

  it('is accepted with a PET seed or a CT mask (the region then has a use)', () => {
    expect(() =>
      checkCtSeedsUsable(withCtSeed(0, { seedsLps: { pet24: [0, 0, 0] } })),
    ).not.toThrow();
    expect(() =>
      checkCtSeedsUsable(withCtSeed(0, { seedsIjk: { pet24: [1, 2, 3] } })),
    ).not.toThrow();
    expect(() =>
      checkCtSeedsUsable(withCtSeed(0, { ctMasks: [{ path: 'l1.nii' }] })),
    ).not.toThrow();
    expect(() => checkCtSeedsUsable(demoManifest())).not.toThrow();
  });
});
