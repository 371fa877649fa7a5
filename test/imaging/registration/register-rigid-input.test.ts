// Bad input to registerRigid ends in an InputError that names the series and says what is
// wrong, never in a crash or a silent transform: CTs that do not overlap in patient space, an
// all-air CT, a NaN voxel, a uniform CT, a CT too small to register, bad options, and a moving
// CT that covers too little of the fixed one to support a result.
import { describe, expect, it } from 'vitest';
import { InputError } from '../../../src/core/errors.ts';
import type { Vec3, Volume } from '../../../src/core/volume.ts';
import { registerRigid } from '../../../src/imaging/registration/register-rigid.ts';
import type { PhantomGrid } from './helpers/ct-phantom.ts';
import { phantomCt } from './helpers/ct-phantom.ts';

const GRID: PhantomGrid = {
  size: [50, 36, 30],
  spacingMm: [6, 6, 7.5],
  direction: [1, 0, 0, 0, 1, 0, 0, 0, 1],
};
const fixed = phantomCt(GRID);
const names = { fixedSeries: 'session 1 CT', movingSeries: 'session 2 CT' };

function inputError(run: () => unknown): InputError {
  try {
    run();
  } catch (error) {
    if (error instanceof InputError) return error;
    throw error;
  }
  throw new Error('expected an InputError');
}

describe('registerRigid on bad input', () => {
  it('CTs 2 m apart in patient space: an empty overlap, named', () => {
    const far: Vec3 = [fixed.originLps[0] + 2000, fixed.originLps[1], fixed.originLps[2]];
    const error = inputError(() => registerRigid(fixed, { ...fixed, originLps: far }, names));
    expect(error.file).toBe('session 2 CT');
    expect(error.message).toMatch(/does not overlap session 1 CT in patient space/);
  });

  it('an all-air CT', () => {
    const air = { ...fixed, data: new Int16Array(fixed.data.length).fill(-1000) };
    const error = inputError(() => registerRigid(fixed, air, names));
    expect(error.file).toBe('session 2 CT');
    expect(error.message).toMatch(/0 voxels above -500 HU \(all air\?\)/);
  });

  it('a NaN voxel in a Float32 CT', () => {
    const data = Float32Array.from(fixed.data);
    data[1234] = NaN;
    const error = inputError(() => registerRigid({ ...fixed, data }, fixed, names));
    expect(error.file).toBe('session 1 CT');
    expect(error.message).toMatch(/voxel 1234 is NaN/);
  });

  it('a uniform CT (a body but nothing to register on)', () => {
    const flat = { ...fixed, data: new Int16Array(fixed.data.length).fill(40) };
    expect(inputError(() => registerRigid(fixed, flat, names)).message).toMatch(/uniform/);
  });

  it('a CT of 3 slices, and a direction matrix that is not a rotation', () => {
    const thin: Volume<Int16Array> = {
      ...fixed,
      size: [50, 36, 3],
      data: fixed.data.slice(0, 50 * 36 * 3),
    };
    expect(inputError(() => registerRigid(fixed, thin, names)).message).toMatch(
      />= 4 voxels along each axis/,
    );
    const skew = { ...fixed, direction: [1, 0.2, 0, 0, 1, 0, 0, 0, 1] as const };
    expect(inputError(() => registerRigid(skew, fixed, names)).field).toBe('direction');
  });

  it('bad options', () => {
    expect(inputError(() => registerRigid(fixed, fixed, { levelsMm: [] })).field).toBe(
      'registration.levelsMm',
    );
    expect(inputError(() => registerRigid(fixed, fixed, { samples: 10 })).field).toBe(
      'registration.samples',
    );
  });

  it('a moving CT of 4 slices covers too little of the fixed CT to support a transform', () => {
    const slab: Volume<Int16Array> = {
      ...fixed,
      size: [50, 36, 4],
      data: fixed.data.slice(50 * 36 * 13, 50 * 36 * 17),
      originLps: [fixed.originLps[0], fixed.originLps[1], fixed.originLps[2] + 13 * 7.5],
    };
    const error = inputError(() =>
      registerRigid(fixed, slab, { ...names, levelsMm: [8], residualCheck: false }),
    );
    expect(error.file).toBe('session 2 CT');
    expect(error.message).toMatch(/only \d+% of session 1 CT's samples fall inside this CT/);
  });
});
