// PERCIST 1.0 categories at their boundaries (30% and 0.8 SUL), target switching, new lesions,
// non-measurable baselines and CMR. Liver mean 1.0, SD 0.2: measurability threshold 1.9 SUL.
import { describe, expect, it } from 'vitest';
import { InputError } from '../../src/core/errors.ts';
import { percistResponse, type PercistScan } from '../../src/response/percist.ts';
import {
  classifySulPeakChange,
  isMeasurable,
  measurabilityThresholdSul,
} from '../../src/response/thresholds.ts';

const liver = { kind: 'liver', meanSul: 1.0, sdSul: 0.2 } as const;
const scan = (lesions: Record<string, number>, extra: Partial<PercistScan> = {}): PercistScan => ({
  reference: liver,
  lesions: Object.entries(lesions).map(([id, sulPeak]) => ({ id, sulPeak })),
  ...extra,
});
const response = (base: number, follow: number) =>
  percistResponse(scan({ A: base }), scan({ A: follow }));

describe('PERCIST boundaries: exactly 30% and exactly 0.8 SUL count (>=)', () => {
  it.each([
    [10, 7.001, -29.99, 'SMD'],
    [10, 7.0, -30.0, 'PMR'],
    [10, 6.999, -30.01, 'PMR'],
    [10, 12.999, 29.99, 'SMD'],
    [10, 13.0, 30.0, 'PMD'],
    [10, 13.001, 30.01, 'PMD'],
  ] as const)(
    'SULpeak %f -> %f (%f%%, |change| > 0.8 SUL) is %s',
    (base, follow, pct, category) => {
      const result = response(base, follow);
      expect(result.change?.percentChange).toBeCloseTo(pct, 9);
      expect(result.category).toBe(category);
    },
  );

  it.each([
    [2.0, 1.21, -0.79, 'SMD'],
    [2.0, 1.2, -0.8, 'PMR'],
    [2.0, 1.19, -0.81, 'PMR'],
    [2.6, 3.39, 0.79, 'SMD'],
    [2.6, 3.4, 0.8, 'PMD'],
    [2.6, 3.41, 0.81, 'PMD'],
  ] as const)('SULpeak %f -> %f (%f SUL, |change| > 30%%) is %s', (base, follow, abs, category) => {
    const result = response(base, follow);
    expect(Math.abs(result.change?.percentChange ?? 0)).toBeGreaterThan(30);
    expect(result.change?.absoluteChangeSul).toBeCloseTo(abs, 9);
    expect(result.category).toBe(category);
  });

  it('needs both: -50% by 0.5 SUL is SMD, and the reason says which criterion failed', () => {
    const change = classifySulPeakChange(1.0, 0.5);
    expect(change.category).toBe('SMD');
    expect(change.reason).toMatch(/< 0.8 SUL/);
    expect(change.reason).not.toMatch(/< 30%/);
  });
});

describe('PERCIST target lesions and patient categories', () => {
  it('measurability: 1.5 x liver mean + 2 SD = 1.9 SUL counts at exactly 1.9; blood pool 2.0 x mean + 2 SD', () => {
    expect(measurabilityThresholdSul(liver)).toBeCloseTo(1.9, 12);
    expect(isMeasurable(1.9, liver)).toBe(true);
    expect(isMeasurable(1.89, liver)).toBe(false);
    expect(measurabilityThresholdSul({ kind: 'blood-pool', meanSul: 1.5, sdSul: 0.1 })).toBeCloseTo(
      3.2,
      12,
    );
  });

  it('a non-measurable baseline (hottest SULpeak 1.89 < 1.9) is not evaluable, new lesions noted', () => {
    const result = percistResponse(
      scan({ A: 1.89, B: 1.2 }),
      scan({ A: 5, C: 4 }, { newLesionIds: ['C'] }),
    );
    expect(result.category).toBe('NE');
    expect(result.reasons.join(' ')).toMatch(/below the measurability threshold 1.90/);
    expect(result.reasons.join(' ')).toMatch(/new lesions noted: C/);
    expect(result.lesions.find((l) => l.id === 'A')?.category).toBe('NE');
  });

  it('the target is the hottest lesion at each scan, even when it switches: 10 -> 9 SUL is SMD', () => {
    // baseline A 10, B 5; follow-up A 3 (-70%), B 9 (+80%): patient compares 10 with 9 (-10%)
    const result = percistResponse(scan({ A: 10, B: 5 }), scan({ A: 3, B: 9 }));
    expect(result.baselineTarget?.id).toBe('A');
    expect(result.followUpTarget?.id).toBe('B');
    expect(result.targetSwitched).toBe(true);
    expect(result.change?.percentChange).toBeCloseTo(-10, 9);
    expect(result.category).toBe('SMD');
    const byId = Object.fromEntries(result.lesions.map((l) => [l.id, l]));
    expect(byId.A?.category).toBe('PMR');
    expect(byId.A?.percentChange).toBeCloseTo(-70, 9);
    expect(byId.B?.category).toBe('PMD');
    expect(byId.B?.absoluteChangeSul).toBeCloseTo(4, 9);
  });

  it('a new FDG-avid lesion is PMD even when the target fell by 60%', () => {
    const result = percistResponse(scan({ A: 10 }), scan({ A: 4, C: 3 }, { newLesionIds: ['C'] }));
    expect(result.category).toBe('PMD');
    expect(result.change?.category).toBe('PMR');
    expect(result.reasons[0]).toMatch(/new FDG-avid lesions: C/);
    expect(result.lesions.find((l) => l.id === 'C')).toMatchObject({
      category: 'PMD',
      baselineSul: null,
    });
  });

  it('CMR: all follow-up lesions below the liver mean and within blood pool mean + 2 SD', () => {
    const bloodPool = { meanSul: 0.7, sdSul: 0.1 };
    const cmr = percistResponse(scan({ A: 10, B: 4 }), scan({ A: 0.8, B: 0.6 }, { bloodPool }));
    expect(cmr.category).toBe('CMR');
    expect(cmr.lesions.every((l) => l.category === 'CMR')).toBe(true);
    // 0.95 is below the liver (1.0) but above the blood pool (0.9): not background, PMR by change
    const pmr = percistResponse(scan({ A: 10 }), scan({ A: 0.95 }, { bloodPool }));
    expect(pmr.category).toBe('PMR');
    // without a blood pool the liver criterion decides, and the reason says so
    const liverOnly = percistResponse(scan({ A: 10 }), scan({ A: 0.95 }));
    expect(liverOnly.category).toBe('CMR');
    expect(liverOnly.reasons[0]).toMatch(/liver criterion alone/);
    // exactly at the liver mean is not "less than mean liver activity"
    expect(percistResponse(scan({ A: 10 }), scan({ A: 1.0 })).category).toBe('PMR');
    // no lesion left at follow-up
    expect(percistResponse(scan({ A: 10 }), scan({})).category).toBe('CMR');
  });

  it('warns when the liver SUL changes by > 20% and > 0.3 SUL, or uptake times differ by > 15 min', () => {
    const result = percistResponse(
      scan({ A: 10 }, { uptakeTimeMin: 60 }),
      scan({ A: 9 }, { reference: { ...liver, meanSul: 1.4 }, uptakeTimeMin: 80 }),
    );
    expect(result.warnings.join(' ')).toMatch(/liver SUL mean changed by 40.0%/);
    expect(result.warnings.join(' ')).toMatch(/uptake times differ by 20 min/);
    expect(result.warnings.join(' ')).toMatch(/follow-up uptake time 80 min is outside 50-70/);
    expect(percistResponse(scan({ A: 10 }), scan({ A: 9 })).warnings).toEqual([]);
  });

  it('rejects duplicate lesion ids and an invalid reference', () => {
    expect(() =>
      percistResponse(
        {
          reference: liver,
          lesions: [
            { id: 'A', sulPeak: 3 },
            { id: 'A', sulPeak: 4 },
          ],
        },
        scan({}),
      ),
    ).toThrow(/appears twice/);
    expect(() =>
      percistResponse(scan({ A: 3 }, { reference: { ...liver, meanSul: 0 } }), scan({})),
    ).toThrow(InputError);
  });
});
