/** All warnings of a study in one list: global, per lesion and blood/whole body, with their source. */
import type { StudyResults } from '../study/results.ts';
import { escapeHtml } from './format.ts';

/** One warning and where it comes from ("study", "lesion L1", "blood / whole body"). */
export interface ReportWarning {
  source: string;
  text: string;
}

/** Every warning in the results, global first, then lesions in order, then blood. */
export function collectWarnings(results: StudyResults): ReportWarning[] {
  return [
    ...results.warnings.map((text) => ({ source: 'study', text })),
    ...results.lesions.flatMap((lesion) =>
      lesion.warnings.map((text) => ({ source: `lesion ${lesion.id}`, text })),
    ),
    ...(results.blood?.warnings ?? []).map((text) => ({ source: 'EANM blood dose', text })),
  ];
}

/** The warnings list (HTML), or a short "none" line. */
export function renderWarnings(warnings: readonly ReportWarning[]): string {
  if (warnings.length === 0) return '<p>No warnings.</p>';
  const items = warnings.map(
    (w) =>
      `<li><span class="warn-source">${escapeHtml(w.source)}:</span> ${escapeHtml(w.text)}</li>`,
  );
  return `<ul class="warnings">${items.join('\n')}</ul>`;
}
