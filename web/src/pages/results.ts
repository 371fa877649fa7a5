/**
 * A run's results: the decision first (eligible / not eligible / not assessable, with its
 * reasons), then the lesion table, blood and MTA, the findings, the report (HTML in a frame, PDF
 * when made), the downloads (manifest.yaml, results.json, DICOM objects), the review/sign-off and
 * the audit trail. Numbers are rounded as `iodose run` prints them (format.ts).
 */
import type { RunDetail, TimepointDetail } from '../../../src/server/api-types.ts';
import type { ResultsView as StudyResults } from '../results-view.ts';
import { pacsSendSection } from './pacs-send.ts';
import { get } from '../api.ts';
import { h, replace } from '../dom.ts';
import { probability, sig3, withSd } from '../format.ts';
import { auditTable } from './audit.ts';
import { reviewSection } from './review.ts';

function decisionBlock(results: StudyResults): HTMLElement {
  const t = results.therapy;
  const css = `decision decision-${t.decision.replace(/\s+/g, '-')}`;
  return h(
    'section',
    { class: 'card', 'data-testid': 'decision-card' },
    h('div', { class: css, 'data-testid': 'decision' }, t.decision.toUpperCase()),
    h(
      'p',
      { 'data-testid': 'decision-line' },
      `max lesion dose ${sig3(t.maxLesionDoseGy)} Gy at ${sig3(t.activityGBq)} GBq (limited by ${t.limitedBy}); threshold ${sig3(t.lesionDoseThresholdGy)} Gy; ` +
        `P(eligible) ${probability(t.probabilityEligible)}`,
    ),
    t.decisionReasons.length === 0
      ? null
      : h(
          'ul',
          { 'data-testid': 'decision-reasons' },
          t.decisionReasons.map((r) => h('li', {}, r.message, ' ', h('code', {}, r.code))),
        ),
  );
}

function lesionTable(results: StudyResults): HTMLElement {
  const threshold = sig3(results.therapy.lesionDoseThresholdGy);
  const header = [
    'Lesion',
    'Site',
    'Volume mL',
    'Recovery',
    'Uptake 24 h %',
    'tau h',
    'Teff h',
    'Gy/GBq ± sd',
    '95% interval',
    'Gy at therapy ± sd',
    `P(≥ ${threshold} Gy)`,
    'GBq for threshold',
    'Assessable',
    'Warnings',
  ];
  return h(
    'table',
    { 'data-testid': 'lesion-table' },
    h(
      'thead',
      {},
      h(
        'tr',
        {},
        header.map((t) => h('th', {}, t)),
      ),
    ),
    h(
      'tbody',
      {},
      results.lesions.map((l) =>
        h(
          'tr',
          { 'data-lesion': l.id },
          h('td', {}, l.id),
          h('td', {}, l.site ?? '-'),
          h('td', { class: 'num', 'data-col': 'volume' }, sig3(l.volumeMl)),
          h('td', { class: 'num', 'data-col': 'recovery' }, sig3(l.recoveryCoefficient)),
          h('td', { class: 'num' }, sig3(l.uptake24hPercent)),
          h('td', { class: 'num' }, sig3(l.residenceTimeH)),
          h('td', { class: 'num' }, sig3(l.effectiveHalfLifeH)),
          h(
            'td',
            { class: 'num', 'data-col': 'dose-per-gbq' },
            withSd(l.doseGyPerGBq, l.doseSigmaGyPerGBq),
          ),
          h('td', { class: 'num' }, `${sig3(l.dose95GyPerGBq[0])}-${sig3(l.dose95GyPerGBq[1])}`),
          h(
            'td',
            { class: 'num', 'data-col': 'dose-at-therapy' },
            withSd(l.doseAtTherapyGy, l.doseAtTherapySigmaGy),
          ),
          h('td', { class: 'num' }, probability(l.probabilityReachesThreshold)),
          h('td', { class: 'num' }, sig3(l.activityForThresholdGBq)),
          h(
            'td',
            { 'data-col': 'assessable' },
            l.assessable
              ? 'yes'
              : `no (${[...new Set(l.notAssessableReasons.map((r) => r.code))].join(', ')})`,
          ),
          h(
            'td',
            {},
            [...l.warnings, ...(l.imaging?.warnings ?? [])].length === 0
              ? '-'
              : h(
                  'ul',
                  { class: 'warnings' },
                  [...l.warnings, ...(l.imaging?.warnings ?? [])].map((w) => h('li', {}, w)),
                ),
          ),
        ),
      ),
    ),
  );
}

function bloodBlock(results: StudyResults): HTMLElement {
  const { blood, mta } = results;
  if (blood === null || mta === null)
    return h('p', { 'data-testid': 'mta' }, 'MTA not computed (no blood or whole-body data)');
  return h(
    'table',
    { 'data-testid': 'mta' },
    h(
      'tr',
      {},
      h('th', {}, 'Blood dose'),
      h(
        'td',
        { class: 'num', 'data-testid': 'blood-dose' },
        `${withSd(blood.doseGyPerGBq, blood.doseSigmaGyPerGBq)} Gy/GBq`,
      ),
    ),
    h(
      'tr',
      {},
      h('th', {}, 'Whole-body retention 48 h'),
      h(
        'td',
        { class: 'num' },
        `${withSd(blood.wbRetention48hPercent, blood.wbRetention48hSigmaPercent)} %`,
      ),
    ),
    h(
      'tr',
      {},
      h('th', {}, 'Blood-limited activity'),
      h('td', { class: 'num' }, `${sig3(mta.bloodLimitGBq)} GBq`),
    ),
    h(
      'tr',
      {},
      h('th', {}, 'Retention-limited activity'),
      h('td', { class: 'num' }, `${sig3(mta.retentionLimitActivityGBq)} GBq`),
    ),
    h(
      'tr',
      {},
      h('th', {}, 'MTA'),
      h(
        'td',
        { class: 'num', 'data-testid': 'mta-value' },
        `${withSd(mta.activityGBq, mta.activitySigmaGBq)} GBq (limited by ${mta.limitedBy})`,
      ),
    ),
  );
}

function downloads(run: RunDetail): HTMLElement {
  const file = (name: string) => `api/runs/${run.id}/files/${encodeURIComponent(name)}`;
  const dicom = run.files.filter((f) => f.endsWith('.dcm'));
  return h(
    'ul',
    { 'data-testid': 'downloads' },
    h(
      'li',
      {},
      h(
        'a',
        {
          href: file('report.html'),
          target: '_blank',
          rel: 'noopener',
          'data-testid': 'open-report',
        },
        'Report (HTML, new tab)',
      ),
    ),
    run.files.includes('report.pdf')
      ? h(
          'li',
          {},
          h(
            'a',
            { href: file('report.pdf'), download: 'report.pdf', 'data-testid': 'download-pdf' },
            'Report (PDF)',
          ),
        )
      : h('li', { class: 'note' }, 'No PDF for this run (run again with "also PDF").'),
    h(
      'li',
      {},
      h(
        'a',
        {
          href: `api/runs/${run.id}/manifest.yaml`,
          download: 'manifest.yaml',
          'data-testid': 'download-manifest',
        },
        'manifest.yaml',
      ),
      ' (runnable by iodose run)',
    ),
    h(
      'li',
      {},
      h(
        'a',
        { href: file('results.json'), download: 'results.json', 'data-testid': 'download-results' },
        'results.json',
      ),
    ),
    dicom.map((name) => h('li', {}, h('a', { href: file(name), download: name }, name))),
  );
}

export async function renderResults(root: HTMLElement, [rid]: number[]): Promise<void> {
  const run = await get<RunDetail>(`/runs/${rid}`);
  const [detail, runAudit, tpAudit] = await Promise.all([
    get<TimepointDetail>(`/timepoints/${run.timepointId}`),
    get<unknown[]>(`/audit?entity=run&entityId=${run.id}&limit=100`).catch(() => []),
    get<unknown[]>(`/audit?entity=timepoint&entityId=${run.timepointId}&limit=200`).catch(() => []),
  ]);
  const results = run.results as StudyResults;
  const send = await pacsSendSection(run);
  const card = (title: string, ...body: (HTMLElement | null)[]) =>
    h('section', { class: 'card' }, h('h2', {}, title), body);
  replace(
    root,
    h(
      'h1',
      {},
      h('a', { href: '#/' }, 'Patients'),
      ' / ',
      h('a', { href: `#/tp/${detail.id}/run` }, `${detail.patientCode} / ${detail.label}`),
      ` / run ${run.id}`,
    ),
    h(
      'p',
      { class: 'note' },
      `made ${run.createdAtUtc} UTC by iodose ${run.version}; inputs sha256 ${run.inputsSha256.slice(0, 16)}…`,
    ),
    decisionBlock(results),
    card('Lesions', lesionTable(results)),
    card('Blood and MTA', bloodBlock(results)),
    results.warnings.length === 0 && run.notes.length === 0
      ? null
      : card(
          'Warnings and notes',
          h(
            'ul',
            { class: 'warnings', 'data-testid': 'run-warnings' },
            [...results.warnings, ...run.notes].map((w) => h('li', {}, w)),
          ),
        ),
    card('Downloads', downloads(run)),
    send,
    reviewSection(run),
    card(
      'Report (plots and every table)',
      h('iframe', {
        class: 'report',
        src: `api/runs/${run.id}/files/report.html`,
        title: 'report',
        sandbox: '',
        'data-testid': 'report-frame',
      }),
    ),
    card('Audit trail', auditTable([...(runAudit as never[]), ...(tpAudit as never[])])),
  );
}
