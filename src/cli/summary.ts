/** The short plain-text summary printed by `run` and `demo`. */
import { countBySeverity } from '../core/findings.ts';
import type { StudyResults } from '../study/results.ts';

/** Three significant figures, or "-" for a missing value. */
export function sig3(value: number | null | undefined): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return '-';
  return Number(value.toPrecision(3)).toString();
}

/** "14.7 ± 1.4" (value and 1 sd, 3 significant figures each); the value alone without an sd. */
function withSd(value: number | null | undefined, sd: number | null | undefined): string {
  if (sd === null || sd === undefined || !Number.isFinite(sd)) return sig3(value);
  return `${sig3(value)} ± ${sig3(sd)}`;
}

/** A probability as "0.97", "<0.01" or ">0.99" (a Monte Carlo estimate, not a certainty), or "-". */
function probability(p: number | null | undefined): string {
  if (p === null || p === undefined || !Number.isFinite(p)) return '-';
  if (p < 0.005) return '<0.01';
  if (p > 0.995) return '>0.99';
  return p.toFixed(2);
}

/** Lines of the summary: decision and its reasons, MTA, then one row per lesion. */
export function summaryLines(results: StudyResults): string[] {
  const t = results.therapy;
  const decision = t.decision.toUpperCase();
  const lines = [
    `patient ${results.patient.id}: ${decision}${t.decision === 'not assessable' ? '' : ' for 131I therapy'} ` +
      `(max lesion dose ${sig3(t.maxLesionDoseGy)} Gy at ${sig3(t.activityGBq)} GBq; threshold ${sig3(t.lesionDoseThresholdGy)} Gy)`,
    ...t.decisionReasons.map((reason) => `  - ${reason.message}`),
  ];
  const counts = countBySeverity(results.findings);
  if (counts.critical + counts.warning > 0) {
    lines.push(
      `  ${counts.critical} critical finding(s), ${counts.warning} warning(s): see the report's Warnings`,
    );
  }
  if (results.mta !== null && results.blood !== null) {
    lines.push(
      `MTA ${withSd(results.mta.activityGBq, results.mta.activitySigmaGBq)} GBq (limited by ${results.mta.limitedBy}); ` +
        `blood ${withSd(results.blood.doseGyPerGBq, results.blood.doseSigmaGyPerGBq)} Gy/GBq` +
        (results.blood.doseSigmaNotAssessableReason === null
          ? '; '
          : ` (sd not assessable: ${results.blood.doseSigmaNotAssessableReason}); `) +
        `WB retention 48 h ${withSd(results.blood.wbRetention48hPercent, results.blood.wbRetention48hSigmaPercent)}% (± 1 sd)`,
    );
  } else {
    lines.push('MTA not computed (no blood or whole-body data)');
  }
  const header = [
    'lesion',
    'volume mL',
    'uptake24h %',
    'tau h',
    'Teff h',
    'Gy/GBq ± sd',
    'Gy at therapy ± sd',
    `P(>= ${sig3(t.lesionDoseThresholdGy)} Gy)`,
    'GBq for threshold',
    'assessable',
  ];
  const rows = results.lesions.map((lesion) => [
    lesion.id,
    sig3(lesion.volumeMl),
    sig3(lesion.uptake24hPercent),
    sig3(lesion.residenceTimeH),
    sig3(lesion.effectiveHalfLifeH),
    withSd(lesion.doseGyPerGBq, lesion.doseSigmaGyPerGBq),
    withSd(lesion.doseAtTherapyGy, lesion.doseAtTherapySigmaGy),
    probability(lesion.probabilityReachesThreshold),
    sig3(lesion.activityForThresholdGBq),
    lesion.assessable
      ? 'yes'
      : `no (${[...new Set(lesion.notAssessableReasons.map((r) => r.code))].join(', ')})`,
  ]);
  const widths = header.map((title, column) =>
    Math.max(title.length, ...rows.map((row) => (row[column] ?? '').length)),
  );
  const format = (cells: string[]) =>
    cells.map((cell, column) => cell.padStart(widths[column] ?? 0)).join('  ');
  lines.push(format(header), ...rows.map(format));
  return lines;
}
