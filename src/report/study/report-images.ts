/**
 * The image measurements of each lesion (image-level input only): per scan the isocontour VOI
 * (volume, mean, max, background, contrast) and the CT volume, and how the lesion volume was
 * chosen - so a physicist can see what the segmentation did before trusting the dose.
 */
import type { StudyResults } from '../../study/results.ts';
import { escapeHtml, formatNumber } from '../format.ts';

/** Table of the per-scan VOIs; empty string when no lesion was measured on images. */
export function renderImageMeasurements(results: StudyResults): string {
  const measured = results.lesions.filter((lesion) => lesion.imaging !== undefined);
  if (measured.length === 0) return '';
  const rows = measured.flatMap((lesion) =>
    (lesion.imaging?.scans ?? []).map(
      (scan, index) => `<tr>
<td>${index === 0 ? `<strong>${escapeHtml(lesion.id)}</strong>` : ''}</td>
<td>${escapeHtml(scan.scanId)}</td>
<td>${escapeHtml(scan.at.slice(0, 16).replace('T', ' '))}</td>
<td class="num">${formatNumber(scan.voiVolumeMl)}</td>
<td class="num">${formatNumber(scan.meanConcBqPerMl)}</td>
<td class="num">${formatNumber(scan.maxConcBqPerMl)}</td>
<td class="num">${formatNumber(scan.backgroundConcBqPerMl)}</td>
<td class="num">${formatNumber(scan.contrast)}</td>
<td class="num">${scan.ctVolumeMl === null ? '-' : formatNumber(scan.ctVolumeMl)}</td>
<td>${index === 0 ? escapeHtml(lesion.imaging?.volumeMethod ?? '') : ''}</td>
</tr>`,
    ),
  );
  return `<table class="lesion-table">
<thead><tr><th>Lesion</th><th>Scan</th><th>Scan start</th><th>VOI (mL)</th><th>Mean (Bq/mL)</th>
<th>Max (Bq/mL)</th><th>Background (Bq/mL)</th><th>Max/BG</th><th>CT volume (mL)</th><th>Volume used</th></tr></thead>
<tbody>${rows.join('\n')}</tbody>
</table>
<p class="note">VOI: background-adapted 50% isocontour, threshold = BG + 0.5 (max - BG), background the
median of a shell 10-20 mm outside the VOI. Concentrations are <sup>124</sup>I at the scan start,
before recovery correction; the recovery coefficient in the lesion table comes from the
calibrated curve at the CT volume.</p>`;
}
