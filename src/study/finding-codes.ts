/**
 * Stable codes and severities for the warnings the pipeline's layers write as sentences. The
 * kinetics, imaging and DICOM layers describe what they notice in plain words; this table gives
 * each kind of sentence its code and severity in one place, so that results.json, the report and
 * the decision agree. Codes are stable: change a sentence freely, never a code. A sentence that no
 * row matches keeps its source's code (`<source>.other`) as a `warning`, and a test keeps the
 * known sentences matched.
 *
 * Critical means the number cannot be trusted: a lesion with a critical finding is not
 * assessable, and a critical blood or whole-body finding makes the MTA untrusted. Whether a lesion's
 * VOI can be trusted is decided from structured flags (src/study/lesion-assessability.ts), not from
 * these sentences, so the VOI sentences are warnings here.
 */
import type { Finding, Severity } from '../core/findings.ts';

/** Where a sentence came from: the study, a lesion's VOI or fit, or the blood chain. */
export type FindingSource = 'study' | 'imaging' | 'lesion' | 'blood';

interface CodeRule {
  pattern: RegExp;
  code: string;
  severity: Severity;
}

const RULES: readonly CodeRule[] = [
  {
    pattern: /Monte Carlo samples could not be evaluated.*too many/i,
    code: 'uncertainty.samples-dropped',
    severity: 'critical',
  },
  {
    pattern: /blood dose (sd|uncertainty) not assessable/i,
    code: 'uncertainty.blood-sd-not-assessable',
    severity: 'warning',
  },
  // Patient identity and provenance (src/study/scan-provenance.ts).
  {
    pattern: /headers disagree about the patient/i,
    code: 'dicom.patient-inconsistent',
    severity: 'critical',
  },
  {
    pattern: /patient id differs from the Patient ID/i,
    code: 'patient.id-mismatch',
    severity: 'warning',
  },
  {
    pattern: /recovery curve .*scanner|scanner .*recovery/i,
    code: 'recovery.scanner-mismatch',
    severity: 'warning',
  },
  {
    pattern: /Monte Carlo samples could not be evaluated/i,
    code: 'uncertainty.samples-dropped',
    severity: 'warning',
  },
  // PET headers (src/io/dicom/read/pet-quantification.ts).
  // (0018,1075) by its tag name only: a kinetics sentence about a half-life is not a header's.
  { pattern: /Radionuclide Half Life/, code: 'dicom.half-life', severity: 'warning' },
  {
    pattern: /differs from the manifest administration/i,
    code: 'dicom.administration-time',
    severity: 'warning',
  },
  { pattern: /Decay (Correction|Factor)/i, code: 'dicom.decay-correction', severity: 'warning' },
  { pattern: /non-DICOM or non-image file/i, code: 'dicom.files-skipped', severity: 'info' },
  { pattern: /Rescale Type/i, code: 'dicom.rescale-type', severity: 'warning' },
  {
    pattern: /without Rescale Slope and Intercept/i,
    code: 'dicom.ct-rescale-assumed',
    severity: 'warning',
  },
  { pattern: /uptake time .* differs/i, code: 'dicom.uptake-time', severity: 'warning' },
  // Lesion VOI on PET (src/imaging/isocontour-warnings.ts).
  { pattern: /low contrast/i, code: 'voi.low-contrast', severity: 'warning' },
  { pattern: /no clear uptake near the seed/i, code: 'voi.no-clear-uptake', severity: 'warning' },

  { pattern: /seed lies outside the VOI/i, code: 'voi.seed-outside', severity: 'warning' },
  { pattern: /VOI touches the image edge/i, code: 'voi.image-edge', severity: 'warning' },
  { pattern: /first or last slice/i, code: 'voi.axial-end', severity: 'warning' },
  {
    pattern: /VOI (reaches the growth limit|is .* above the plausible)/i,
    code: 'voi.leak',
    severity: 'warning',
  },
  { pattern: /touches another hot structure/i, code: 'voi.second-maximum', severity: 'warning' },
  { pattern: /background shell/i, code: 'voi.background-shell', severity: 'warning' },
  { pattern: /VOI has only/i, code: 'voi.too-small', severity: 'warning' },
  { pattern: /did not converge in/i, code: 'voi.not-converged', severity: 'warning' },
  // CT volume (src/imaging/ct-region-growing.ts, ct volume choice).
  { pattern: /CT region (reaches|is .* above)/i, code: 'ct.leak', severity: 'warning' },
  { pattern: /CT region touches the image edge/i, code: 'ct.image-edge', severity: 'warning' },
  // HU as a word, case-sensitive: "hu" inside a word (chunk, thumb) is not a CT sentence.
  { pattern: /\bHU\b|CT boundary/, code: 'ct.uncertain-boundary', severity: 'warning' },
  { pattern: /CT volumes differ between scans/i, code: 'ct.volumes-differ', severity: 'warning' },
  { pattern: /no CT volume/i, code: 'ct.pet-volume-fallback', severity: 'warning' },
  // Recovery and lesion inputs (src/dosimetry/lesion-chain.ts).
  { pattern: /calibrated recovery range/i, code: 'recovery.extrapolated', severity: 'warning' },
  { pattern: /RC = 1 used/i, code: 'recovery.missing', severity: 'warning' },
  { pattern: /no uptake measured at any time/i, code: 'lesion.no-uptake', severity: 'info' },
  { pattern: /no lesions measured/i, code: 'lesions.none', severity: 'warning' },
  // Whole body and blood (src/dosimetry/blood-chain.ts).
  {
    pattern: /retention cannot rise above 100%|exceeds 100%/i,
    code: 'wb.retention-above-100',
    severity: 'critical',
  },
  { pattern: /first count is at/i, code: 'wb.late-first-count', severity: 'warning' },
  { pattern: /MTA not computed/i, code: 'mta.missing', severity: 'warning' },
  // Kinetic fits (src/kinetics).
  { pattern: /result unreliable/i, code: 'fit.unreliable', severity: 'critical' },
  { pattern: /used instead of the/i, code: 'fit.model-fallback', severity: 'warning' },
  {
    pattern: /used although the points do not determine it/i,
    code: 'fit.model-not-determined',
    severity: 'warning',
  },
  { pattern: /in long stretches|runs test p/i, code: 'fit.residual-runs', severity: 'warning' },
  { pattern: /read from the counts/i, code: 'wb.retention48-count-disagrees', severity: 'warning' },
  {
    pattern: /fit did not converge|did not converge \(/i,
    code: 'fit.not-converged',
    severity: 'critical',
  },
  { pattern: /physical decay after the last point/i, code: 'fit.tail-physical', severity: 'info' },
  { pattern: /AICc|no candidate with a defined/i, code: 'fit.model-fallback', severity: 'info' },
  { pattern: /dropped:/i, code: 'fit.candidate-dropped', severity: 'info' },
  { pattern: /exact .*(fit|exponential)/i, code: 'fit.exact', severity: 'info' },
  {
    pattern: /no uncertainty|covariance not available/i,
    code: 'fit.no-covariance',
    severity: 'warning',
  },
  { pattern: /relative uncertainty of TIA/i, code: 'fit.uncertain-tia', severity: 'warning' },
  { pattern: /misses the measured|runs test/i, code: 'fit.misses-point', severity: 'warning' },
];

/** An accepted override (src/study/contradictions.ts): `override.<name in kebab case>`, a warning. */
const OVERRIDE = /^(?:.*: )?overrides\.([A-Za-z]+) accepted/;

/** Code and severity of one warning sentence from `source`. */
export function classifyWarning(
  source: FindingSource,
  message: string,
): { code: string; severity: Severity } {
  const override = OVERRIDE.exec(message)?.[1];
  if (override !== undefined) {
    return {
      code: `override.${override.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`,
      severity: 'warning',
    };
  }
  const rule = RULES.find((r) => r.pattern.test(message));
  return rule === undefined
    ? { code: `${source}.other`, severity: 'warning' }
    : { code: rule.code, severity: rule.severity };
}

/** Findings from sentences of one source, tagged with the lesion or scan they concern. */
export function findingsFrom(
  source: FindingSource,
  messages: readonly string[],
  where: { lesionId?: string; scanId?: string } = {},
): Finding[] {
  return messages.map((message) => ({ ...classifyWarning(source, message), message, ...where }));
}
