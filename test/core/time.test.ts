import { describe, expect, it } from 'vitest';
import { InputError } from '../../src/core/errors.ts';
import { hoursBetween, parseLocalDateTimeMs } from '../../src/core/time.ts';

describe('local date-times', () => {
  it('reads scanner-clock times without a zone and takes differences in hours', () => {
    const a = parseLocalDateTimeMs('2024-03-04T09:15:00', { field: 'x' });
    const b = parseLocalDateTimeMs('2024-03-05T09:00', { field: 'x' });
    expect(hoursBetween(a, b)).toBeCloseTo(23.75, 12);
  });

  it('is not shifted by a daylight-saving change (last Sunday of March 2024 in Europe)', () => {
    const a = parseLocalDateTimeMs('2024-03-30T12:00:00', { field: 'x' });
    const b = parseLocalDateTimeMs('2024-03-31T12:00:00', { field: 'x' });
    expect(hoursBetween(a, b)).toBe(24);
  });

  it('refuses text that is not a date-time, naming the field', () => {
    expect(() => parseLocalDateTimeMs('yesterday', { field: 'blood[0].at' })).toThrow(InputError);
    expect(() => parseLocalDateTimeMs('yesterday', { field: 'blood[0].at' })).toThrow(
      /blood\[0\]\.at: expected a local date-time/,
    );
  });

  it('refuses impossible calendar dates', () => {
    expect(() => parseLocalDateTimeMs('2024-02-30T10:00:00', { field: 'f' })).toThrow(
      /not a valid calendar date-time/,
    );
  });
});
