/**
 * The findings of a study (every warning with its code and severity), grouped by severity:
 * critical (the number cannot be trusted), warnings (read before signing), notes.
 */
import { type Finding, type Severity } from '../../core/findings.ts';
import type { StudyResults } from '../../study/results.ts';
import { escapeHtml } from '../format.ts';

const HEADINGS: Record<Severity, string> = {
  critical: 'Critical: these numbers cannot be trusted',
  warning: 'Warnings: read before signing',
  info: 'Notes',
};

/** Where a finding belongs: "lesion L1", "scan pet24" or "study". */
function source(finding: Finding): string {
  if (finding.lesionId !== undefined) return `lesion ${finding.lesionId}`;
  if (finding.scanId !== undefined) return `scan ${finding.scanId}`;
  return finding.code.startsWith('wb.') || finding.code.startsWith('blood')
    ? 'blood / whole body'
    : 'study';
}

function item(finding: Finding): string {
  return `<li><span class="warn-source">${escapeHtml(source(finding))}:</span> ${escapeHtml(finding.message)} <span class="code">${escapeHtml(finding.code)}</span></li>`;
}

/** The findings (HTML), grouped by severity, or a short "none" line. */
export function renderWarnings(results: StudyResults): string {
  const findings = results.findings;
  if (findings.length === 0) return '<p>No warnings.</p>';
  const groups = (['critical', 'warning', 'info'] as const).flatMap((severity) => {
    const mine = findings.filter((f) => f.severity === severity);
    if (mine.length === 0) return [];
    return [
      `<h3 class="severity-${severity}">${HEADINGS[severity]} (${mine.length})</h3>\n<ul class="warnings">${mine.map(item).join('\n')}</ul>`,
    ];
  });
  return groups.join('\n');
}
