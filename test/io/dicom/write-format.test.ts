/**
 * Value formatting of written attributes (PS3.5 Table 6.2-1): DS within 16 characters at the
 * precision that fits, DA/TM/DT from local ISO date-times without any time-zone shift, and
 * 2.25 UUID-derived UIDs (PS3.5 B.2).
 */
import { describe, expect, it } from 'vitest';
import {
  decimalString,
  dicomDate,
  dicomDateTime,
  dicomTime,
} from '../../../src/io/dicom/write/write-format.ts';
import { newUid, uidFromUuid } from '../../../src/io/dicom/write/write-uid.ts';

describe('decimalString (DS)', () => {
  it('keeps short numbers exact and long ones within 16 characters', () => {
    expect(decimalString(4)).toBe('4');
    expect(decimalString(-1024)).toBe('-1024');
    expect(decimalString(0.1)).toBe('0.1');
    expect(decimalString(-0)).toBe('0');
    for (const v of [Math.PI, -Math.PI * 1e-7, 1.23456789012345e20, 360806.4, 2 / 3]) {
      const text = decimalString(v);
      expect(text.length).toBeLessThanOrEqual(16);
      expect(Math.abs(Number(text) / v - 1)).toBeLessThan(1e-10);
    }
  });

  it('refuses non-finite values', () => {
    expect(() => decimalString(Number.NaN)).toThrow(/finite/);
  });
});

describe('DA, TM and DT', () => {
  it('format local ISO date-times on the scanner clock', () => {
    expect(dicomDate('2024-03-31T02:30:00')).toBe('20240331'); // a DST night in Europe
    expect(dicomTime('2024-03-31T02:30:00')).toBe('023000');
    expect(dicomTime('2024-03-04T09:15:00.250')).toBe('091500.250');
    expect(dicomDateTime('2024-03-04T09:15:00')).toBe('20240304091500');
  });
});

describe('UIDs', () => {
  it('turn a UUID into 2.25.<its 128 bits in decimal>', () => {
    expect(uidFromUuid('00000000-0000-0000-0000-000000000001')).toBe('2.25.1');
    expect(uidFromUuid('ffffffff-ffff-ffff-ffff-ffffffffffff')).toBe(
      '2.25.340282366920938463463374607431768211455',
    );
    const uid = newUid();
    expect(uid).toMatch(/^2\.25\.[1-9]\d*$/);
    expect(uid.length).toBeLessThanOrEqual(64);
    expect(newUid()).not.toBe(uid);
  });
});
