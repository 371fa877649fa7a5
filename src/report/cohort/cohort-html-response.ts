/**
 * HTML of the FDG PET response (PERCIST 1.0, Wahl et al. 2009 J Nucl Med 50:122S): counts per
 * timepoint in the seed's words ("PMR in 4 patients, SMD 3, PMD 2"), one row per patient and
 * timepoint with the target lesions and reasons, one row per lesion with SULpeak at baseline and
 * follow-up, % change, category, metabolic volumes and the dosimetry volume change, and the
 * measurements (LBM, injected activity, uptake time, liver reference) per scan.
 */
import type { CohortAnalysis } from '../../cohort/cohort-analysis.ts';
import { PERCIST_CATEGORIES, responseCountsText } from '../../cohort/cohort-response.ts';
import type { PercistCategory } from '../../response/index.ts';
import { escapeHtml, formatNumber, MISSING } from '../format.ts';

/** CSS of the response tables (category colours). */
export const RESPONSE_CSS = `
.percist { font-weight: bold; }
.percist-CMR, .percist-PMR { color: #1f5e22; }
.percist-PMD { color: #8c1d18; }
.percist-NE { color: #666; }
table.response { font-size: 7.4pt; width: 100%; }
table.cohort-table.response td:first-child { min-width: 0; }
`;

/** A signed percent change with one decimal ("+40.0%", "\u221250.0%", "0.0%"). */
function pct(value: number | null | undefined): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return MISSING;
  const text = Math.abs(value).toFixed(1);
  if (text === '0.0') return '0.0%';
  return `${value > 0 ? '+' : '\u2212'}${text}%`;
}

function category(c: PercistCategory): string {
  return `<span class="percist percist-${c}">${c}</span>`;
}

function num(value: number | null | undefined, digits = 3): string {
  return value === null || value === undefined ? MISSING : formatNumber(value, digits);
}

function counts(analysis: CohortAnalysis): string {
  const response = analysis.response;
  if (response === null) return '';
  const base = escapeHtml(response.baseline);
  const head = `<tr><th>Timepoint</th>${PERCIST_CATEGORIES.map((c) => `<th class="num">${c}</th>`).join('')}<th>Summary</th></tr>`;
  const rows = response.timepoints.map((t) => {
    const c = response.summary[t];
    if (c === undefined) return '';
    const cells = PERCIST_CATEGORIES.map((k) => `<td class="num">${c[k]}</td>`).join('');
    return `<tr><td>${escapeHtml(t)} vs ${base}</td>${cells}<td>${escapeHtml(responseCountsText(c))}</td></tr>`;
  });
  return `<table class="cohort-table response"><thead>${head}</thead><tbody>${rows.join('')}</tbody></table>`;
}

function patients(analysis: CohortAnalysis): string {
  const response = analysis.response;
  if (response === null) return '';
  const head =
    '<tr><th>Patient</th><th>Timepoint</th><th>Category</th><th>Baseline target (SULpeak)</th><th>Follow-up target (SULpeak)</th><th class="num">% change</th><th class="num">\u0394 SUL</th><th>Reasons and warnings</th></tr>';
  const target = (t: { id: string; sulPeak: number } | null) =>
    t === null ? MISSING : `${escapeHtml(t.id)} (${num(t.sulPeak)})`;
  const rows = Object.entries(response.patients).flatMap(([id, byTime]) =>
    Object.entries(byTime).map(([t, r]) => {
      const notes = [
        ...r.reasons.map(escapeHtml),
        ...r.warnings.map((w) => `<span class="muted">${escapeHtml(w)}</span>`),
      ].join('<br>');
      return `<tr><td>${escapeHtml(id)}</td><td>${escapeHtml(t)}</td><td>${category(r.category)}</td><td>${target(r.baselineTarget)}</td><td>${target(r.followUpTarget)}</td><td class="num">${pct(r.percentChange)}</td><td class="num">${r.absoluteChangeSul === null ? MISSING : `${r.absoluteChangeSul > 0 ? '+' : ''}${num(r.absoluteChangeSul)}`}</td><td class="small">${notes}</td></tr>`;
    }),
  );
  return `<table class="cohort-table response"><thead>${head}</thead><tbody>${rows.join('')}</tbody></table>`;
}

function lesions(analysis: CohortAnalysis): string {
  const response = analysis.response;
  if (response === null) return '';
  const volume = new Map(
    analysis.volumeChanges.map((v) => [`${v.patientId}\u0000${v.lesionId}\u0000${v.timepoint}`, v]),
  );
  const head = `<tr><th>Patient</th><th>Lesion</th><th>Timepoint</th><th class="num">SULpeak ${escapeHtml(response.baseline)}</th><th class="num">SULpeak follow-up</th><th class="num">% change</th><th>Category</th><th class="num">Metabolic vol. (mL)</th><th class="num">Volume change (dosimetry)</th></tr>`;
  const rows = Object.entries(response.patients).flatMap(([id, byTime]) =>
    Object.entries(byTime).flatMap(([t, r]) =>
      Object.entries(r.lesions).map(([lesionId, l]) => {
        const v = volume.get(`${id}\u0000${lesionId}\u0000${t}`);
        const dosimetry =
          v === undefined
            ? MISSING
            : `${pct(v.percent)} <span class="muted small">(${num(v.baselineMl)} \u2192 ${num(v.followUpMl)} mL)</span>`;
        return `<tr><td>${escapeHtml(id)}</td><td>${escapeHtml(lesionId)}</td><td>${escapeHtml(t)}</td><td class="num">${num(l.baselineSul)}</td><td class="num">${num(l.followUpSul)}</td><td class="num">${pct(l.percentChange)}</td><td>${category(l.category)}</td><td class="num">${num(l.baselineMetabolicVolumeMl)} \u2192 ${num(l.followUpMetabolicVolumeMl)}</td><td class="num">${dosimetry}</td></tr>`;
      }),
    ),
  );
  return `<table class="cohort-table response"><thead>${head}</thead><tbody>${rows.join('')}</tbody></table>`;
}

function measurements(analysis: CohortAnalysis): string {
  const response = analysis.response;
  if (response === null) return '';
  const head =
    '<tr><th>Patient</th><th>Timepoint</th><th class="num">Weight (kg)</th><th class="num">Height (m)</th><th>Sex</th><th class="num">LBM (kg)</th><th class="num">Injected (MBq)</th><th class="num">Uptake (min)</th><th class="num">Liver SUL mean (SD)</th><th class="num">Measurable: SULpeak \u2265</th></tr>';
  const rows = Object.entries(response.measurements).flatMap(([id, byTime]) =>
    analysis.timepoints.flatMap((t) => {
      const m = byTime[t];
      if (m === undefined) return [];
      const threshold = 1.5 * m.liver.meanSul + 2 * m.liver.sdSul;
      return [
        `<tr><td>${escapeHtml(id)}</td><td>${escapeHtml(t)}</td><td class="num">${num(m.weightKg)}</td><td class="num">${num(m.heightM)}</td><td>${m.sex}</td><td class="num">${num(m.leanBodyMassKg)}</td><td class="num">${num(m.injectedActivityBq / 1e6)}</td><td class="num">${num(m.uptakeMinutes)}</td><td class="num">${num(m.liver.meanSul)} (${m.liver.sdSul.toFixed(2)})</td><td class="num">${num(threshold)}</td></tr>`,
      ];
    }),
  );
  return `<table class="cohort-table response"><thead>${head}</thead><tbody>${rows.join('')}</tbody></table>`;
}

const METHODS = `<p class="small">PERCIST 1.0 (Wahl et al. 2009; O, Lodge, Wahl 2016 "Practical PERCIST"). SUL = Bq/mL \u00d7 lean body mass (Janmahasatian 2005) / injected activity decayed to the scan start (18F, T<sub>1/2</sub> 109.77 min); weight, height and sex from the cohort manifest, else the PET header. Lesion VOI: background-adapted 50% isocontour at the seed; SULpeak: the 1 mL sphere centred on a VOI voxel with the largest mean; liver reference: 3 cm sphere. Patient category from the hottest lesion at each scan (targets may differ): PMR/PMD need |change| \u2265 30% and \u2265 0.8 SUL; measurable when SULpeak \u2265 1.5 \u00d7 liver mean + 2 SD; CMR when every lesion is below the liver mean; new lesions (reader-listed) give PMD. Not implemented: TLG, the sum of up to 5 lesions, confirmation scans. Dosimetry volume change: the lesion's volume in the dosimetry results against the baseline.</p>`;

/** The Response section body: counts, per-patient, per-lesion and measurement tables. */
export function renderResponse(analysis: CohortAnalysis): string {
  if (analysis.response === null) return '';
  return `${counts(analysis)}
<h3>Per patient</h3>
${patients(analysis)}
<h3>Per lesion</h3>
${lesions(analysis)}
<h3>Measurements per FDG PET</h3>
${measurements(analysis)}
${METHODS}`;
}
