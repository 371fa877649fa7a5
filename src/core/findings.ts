/**
 * Findings: what a run noticed, each with a stable machine-readable code, a severity and a
 * sentence in plain words. Severity:
 * - `info`: worth knowing, changes nothing (e.g. which fallback model was used and why);
 * - `warning`: a number may be less reliable than its uncertainty says; read before signing;
 * - `critical`: the number it concerns cannot be trusted; a decision that depends on it is
 *   "not assessable".
 */

export type Severity = 'info' | 'warning' | 'critical';

/** One finding; `lesionId` / `scanId` say what it concerns when it is not the whole study. */
export interface Finding {
  code: string;
  severity: Severity;
  message: string;
  lesionId?: string;
  scanId?: string;
}

/** Severities from the most to the least serious (report and summary order). */
export const SEVERITY_ORDER: readonly Severity[] = ['critical', 'warning', 'info'];

/** Findings sorted by severity (critical first), keeping the order within one severity. */
export function bySeverity(findings: readonly Finding[]): Finding[] {
  return SEVERITY_ORDER.flatMap((severity) => findings.filter((f) => f.severity === severity));
}

/** How many findings of each severity. */
export function countBySeverity(findings: readonly Finding[]): Record<Severity, number> {
  const counts: Record<Severity, number> = { critical: 0, warning: 0, info: 0 };
  for (const f of findings) counts[f.severity] += 1;
  return counts;
}
