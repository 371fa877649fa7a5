// The nearest known key of a misspelt manifest key, and the unit its name carries.
import { describe, expect, it } from 'vitest';
import {
  editDistance,
  nearestKey,
  unitOfKey,
  unknownKeyMessage,
} from '../../src/io/manifest/key-suggestion.ts';

describe('editDistance (optimal string alignment)', () => {
  it.each([
    ['', '', 0],
    ['abc', '', 3],
    ['kitten', 'sitting', 3], // the textbook Levenshtein example
    ['weigthKg', 'weightKg', 1], // one swap of neighbours
    ['meanConcKBqPerMl', 'meanConcBqPerMl', 1],
    ['ca', 'abc', 3], // OSA, not unrestricted Damerau (which gives 2)
  ])('%s -> %s = %i', (a, b, d) => {
    expect(editDistance(a, b)).toBe(d);
    expect(editDistance(b, a)).toBe(d);
  });
});

describe('nearestKey', () => {
  const patient = ['id', 'weightKg', 'heightCm', 'sex', 'diffuseLungMetastases'];
  it('a case-insensitive match wins', () => {
    expect(nearestKey('WEIGHTKG', patient)).toBe('weightKg');
  });
  it('a typo within a third of the length', () => {
    expect(nearestKey('hieghtCm', patient)).toBe('heightCm');
    expect(nearestKey('diffuseLungMetastasis', patient)).toBe('diffuseLungMetastases');
  });
  it('nothing near: null', () => {
    expect(nearestKey('colour', patient)).toBeNull();
    expect(nearestKey('x', [])).toBeNull();
  });
});

describe('unitOfKey and the message', () => {
  it.each([
    ['meanConcBqPerMl', 'Bq/mL'],
    ['unitFactorBqPerMlPerUnit', 'Bq/mL per unit'],
    ['lesionDensityGPerMl', 'g/mL'],
    ['activityMBq', 'MBq'],
    ['plannedActivityGBq', 'GBq'],
    ['weightKg', 'kg'],
    ['uptakeTimeH', 'h'],
    ['netCounts', 'counts'],
    ['administeredAt', 'local date-time'],
    ['id', null],
  ])('%s -> %s', (key, unit) => {
    expect(unitOfKey(key)).toBe(unit);
  });
  it('says the nearest key with its unit', () => {
    expect(unknownKeyMessage('activityGBq', ['nuclide', 'activityMBq'])).toBe(
      'unknown key activityGBq; did you mean activityMBq (MBq)?',
    );
    expect(unknownKeyMessage('foo', ['id', 'site'])).toBe(
      'unknown key foo; expected one of id, site',
    );
  });
});
