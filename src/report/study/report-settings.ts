/**
 * Settings and provenance sections: every setting used with its default, unit, description and
 * source (from SETTINGS_TABLE, the one place defaults live), kinetic options, and where the
 * numbers come from (version, inputs hash, nuclear data, S-values, half-lives).
 */
import { SETTINGS_TABLE } from '../../dosimetry/settings.ts';
import { UNCERTAINTY_SETTINGS_TABLE } from '../../dosimetry/uncertainty/settings.ts';
import type { StudyResults } from '../../study/results.ts';
import { escapeHtml, formatDateTime, formatGiven, formatQuantity } from '../format.ts';

/** Settings table (HTML): value used (marked when it differs from the default), default, source. */
export function renderSettings(results: StudyResults): string {
  const used = results.provenance.settings;
  const row = (
    key: string,
    value: number | undefined,
    setting: { defaultValue: number; unit: string; description: string; source: string },
  ) => {
    const changed = value !== setting.defaultValue;
    const valueText = `${formatGiven(value ?? null)}${changed ? ' (changed)' : ''}`;
    return `<tr><td><code>${escapeHtml(key)}</code></td><td class="num${changed ? ' changed' : ''}">${valueText}</td><td class="num">${formatGiven(setting.defaultValue)}</td><td>${escapeHtml(setting.unit)}</td><td>${escapeHtml(setting.description)}</td><td>${escapeHtml(setting.source)}</td></tr>`;
  };
  const rows = [
    ...SETTINGS_TABLE.map((setting) => row(setting.key, used[setting.key], setting)),
    // The uncertainty budget (EANM guidance, Gear et al. 2018) with its defaults and sources.
    ...UNCERTAINTY_SETTINGS_TABLE.map((setting) =>
      row(`uncertainty.${setting.key}`, used.uncertainty?.[setting.key], setting),
    ),
  ];
  const kinetics = Object.entries(used.kinetics).map(
    ([curve, options]) =>
      `<tr><td><code>kinetics.${escapeHtml(curve)}</code></td><td colspan="5"><code>${escapeHtml(JSON.stringify(options) ?? 'null')}</code></td></tr>`,
  );
  return `<table class="settings"><thead><tr><th>Setting</th><th class="num">Used</th><th class="num">Default</th><th>Unit</th><th>Description</th><th>Source</th></tr></thead><tbody>
${[...rows, ...kinetics].join('\n')}
</tbody></table>`;
}

/** Provenance table (HTML). */
export function renderProvenance(results: StudyResults): string {
  const p = results.provenance;
  const rows: [string, string][] = [
    ['Tool', `${escapeHtml(p.tool)} ${escapeHtml(p.version)}`],
    [
      'Manifest',
      p.manifest === null ? 'none (library call)' : `<code>${escapeHtml(p.manifest)}</code>`,
    ],
    ['Inputs SHA-256', `<code class="hash">${escapeHtml(p.inputsSha256)}</code>`],
    ['Nuclear data', escapeHtml(p.nuclearData)],
    ['S-values', escapeHtml(p.sValues)],
    ['Half-life 131I', formatQuantity(p.halfLife131H, 'h', 'given')],
    ['Half-life 124I', formatQuantity(p.halfLife124H, 'h', 'given')],
    ['Results created', escapeHtml(formatDateTime(p.createdAt))],
  ];
  const body = rows.map(([k, v]) => `<tr><th>${k}</th><td>${v}</td></tr>`).join('\n');
  return `<table class="kv">${body}</table>`;
}
