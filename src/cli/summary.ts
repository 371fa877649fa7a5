/** The short plain-text summary printed by `run` and `demo`. */
import { countBySeverity } from '../core/findings.ts';
import type { StudyResults } from '../study/results.ts';

/** Three significant figures, or "-" for a missing value. */
export function sig3(value: number | null | undefined): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return '-';
  return Number(value.toPrecision(3)).toString();
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
      `MTA ${sig3(results.mta.activityGBq)} GBq (limited by ${results.mta.limitedBy}); ` +
        `blood ${sig3(results.blood.doseGyPerGBq)} Gy/GBq; WB retention 48 h ${sig3(results.blood.wbRetention48hPercent)}%`,
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
    'Gy/GBq',
    'Gy at therapy',
    'GBq for threshold',
  ];
  const rows = results.lesions.map((lesion) => [
    lesion.id,
    sig3(lesion.volumeMl),
    sig3(lesion.uptake24hPercent),
    sig3(lesion.residenceTimeH),
    sig3(lesion.effectiveHalfLifeH),
    sig3(lesion.doseGyPerGBq),
    sig3(lesion.doseAtTherapyGy),
    sig3(lesion.activityForThresholdGBq),
  ]);
  const widths = header.map((title, column) =>
    Math.max(title.length, ...rows.map((row) => (row[column] ?? '').length)),
  );
  const format = (cells: string[]) =>
    cells.map((cell, column) => cell.padStart(widths[column] ?? 0)).join('  ');
  lines.push(format(header), ...rows.map(format));
  return lines;
}
