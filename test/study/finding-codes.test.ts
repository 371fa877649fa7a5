import { describe, expect, it } from 'vitest';
import { classifyWarning } from '../../src/study/finding-codes.ts';

describe('finding codes of the pipeline sentences', () => {
  const cases: [string, string, string][] = [
    [
      'no clear uptake near the seed: the lesion maximum lies 40 mm from it, beyond the 15 mm search radius',
      'voi.no-clear-uptake',
      'warning',
    ],
    [
      'low contrast: max/BG = 1.2 (max 300 Bq/mL, BG 250 Bq/mL) is below 1.5; the 50% isocontour is unreliable (no clear uptake near the seed?)',
      'voi.low-contrast',
      'warning',
    ],
    [
      'the VOI touches the image edge: the lesion may be cut off; volume and mean are unreliable',
      'voi.image-edge',
      'warning',
    ],
    [
      'the VOI reaches the growth limit (60 mm from the maximum): it probably leaks into surrounding uptake; volume and mean are unreliable',
      'voi.leak',
      'warning',
    ],
    ['the VOI is 247 mL, above the plausible 200 mL: probable leak', 'voi.leak', 'warning'],
    [
      'background and VOI did not converge in 10 rounds; the last is reported',
      'voi.not-converged',
      'warning',
    ],
    ['fit did not converge (maximum iterations)', 'fit.not-converged', 'critical'],
    ['T_eff > T_phys (250 h): physical decay after the last point', 'fit.tail-physical', 'info'],
    [
      "only 2 points: exact mono-exponential through them, so the fit itself gives no uncertainty (none from residuals; the points' own uncertainties must be propagated)",
      'fit.exact',
      'info',
    ],
    [
      'whole body: decay-corrected count at 48.0 h is 120% of the first: retention cannot rise above 100%; check background subtraction and counting geometry',
      'wb.retention-above-100',
      'critical',
    ],
    [
      'pet24: CT (0028,1054) Rescale Type is US, not HU; values used as they are',
      'dicom.rescale-type',
      'warning',
    ],
    [
      'volume 0.3 mL lies outside the calibrated recovery range 0.52-26.5 mL: RC extrapolated',
      'recovery.extrapolated',
      'warning',
    ],
  ];
  cases.push(
    [
      'overrides.administrationTimeMismatch accepted: tracer.administeredAt: 2024-03-01T09:15:00 is 72.0 h before ...',
      'override.administration-time-mismatch',
      'warning',
    ],
    [
      'blood: mono-exponential used instead of the bi-exponential. bi-exponential not determined: 3 points for the 4 parameters',
      'fit.model-fallback',
      'warning',
    ],
    [
      'the DICOM headers disagree about the patient: Patient ID (0010,0020) differs between the series',
      'dicom.patient-inconsistent',
      'critical',
    ],
  );
  cases.push(
    [
      'the lesion differs from its surroundings by only 40 HU (mean 60 vs 20 HU): its CT boundary is uncertain',
      'ct.uncertain-boundary',
      'warning',
    ],
    [
      'the HU around the seed vary widely (SD 90 HU within 5 mm): the seed may sit on the lesion edge',
      'ct.uncertain-boundary',
      'warning',
    ],
    // "hu" inside a word must not take a sentence to the CT rule (here: away from critical).
    ['fit did not converge (step too short after chunked search)', 'fit.not-converged', 'critical'],
    [
      "(0018,1075) Radionuclide Half Life is 25.0 h but the tracer's is 100.2 h: the scanner was set up for another nuclide",
      'dicom.half-life',
      'warning',
    ],
    // A half-life in a kinetics sentence is not the header's (0018,1075).
    [
      'T_eff > T_phys (250 h, the 131I half-life): physical decay after the last point',
      'fit.tail-physical',
      'info',
    ],
  );
  cases.push(
    [
      'uncertainty: 3 of 2000 Monte Carlo samples could not be evaluated (a perturbed fit failed); probabilities from the other 1997',
      'uncertainty.samples-dropped',
      'warning',
    ],
    [
      'uncertainty: 400 of 2000 Monte Carlo samples could not be evaluated (a perturbed fit failed); probabilities from the other 1600: too many (over 5%) for the probabilities to be trusted; the inputs sit where a small change breaks the fits',
      'uncertainty.samples-dropped',
      'critical',
    ],
  );
  it.each(cases)('%s -> %s', (sentence, code, severity) => {
    expect(classifyWarning('lesion', sentence)).toEqual({ code, severity });
  });

  it('keeps a sentence no rule knows as a warning of its source', () => {
    expect(classifyWarning('blood', 'something new')).toEqual({
      code: 'blood.other',
      severity: 'warning',
    });
  });
});
