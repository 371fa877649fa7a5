import { describe, expect, it } from 'vitest';
import { renderReportHtml } from '../../src/report/study/html-report.ts';
import type { StudyResults } from '../../src/study/results.ts';
import { makeResults } from './fixture.ts';
import { svgElements, xmlProblems } from './xml-check.ts';

function lesionTable(html: string): string {
  const start = html.indexOf('<table class="lesions"');
  expect(start).toBeGreaterThan(0);
  return html.slice(start, html.indexOf('</table>', start));
}

/** The fixture with lesion L1 moved to exactly the threshold dose at the therapy activity. */
function atThreshold(): StudyResults {
  const results = makeResults();
  const [first, second] = results.lesions;
  if (first === undefined || second === undefined) throw new Error('fixture has two lesions');
  const activity = results.therapy.activityGBq;
  first.doseGyPerGBq = 20 / activity;
  first.doseAtTherapyGy = 20;
  first.reachesThreshold = true;
  first.activityForThresholdGBq = activity;
  results.therapy.maxLesionDoseGy = 20;
  results.therapy.eligible = true;
  results.therapy.minimumEligibleActivityGBq = activity;
  return results;
}

describe('HTML report: the decision comes first and is unambiguous', () => {
  it('puts the decision before the lesion table', () => {
    const html = renderReportHtml(makeResults());
    const decision = html.indexOf('ELIGIBLE for 131I therapy');
    expect(decision).toBeGreaterThan(0);
    expect(decision).toBeLessThan(html.indexOf('<table class="lesions"'));
    expect(html.indexOf('id="decision"')).toBeLessThan(html.indexOf('id="lesions"'));
  });

  it('says ELIGIBLE when a lesion reaches 20 Gy at the MTA-limited activity', () => {
    const html = renderReportHtml(makeResults());
    expect(html).toContain('<div class="verdict">ELIGIBLE for 131I therapy</div>');
    expect(html).not.toContain('NOT ELIGIBLE');
    expect(html).toContain(
      '<strong>5.14\u00a0GBq</strong> = the MTA (set by the 48-h whole-body retention limit)',
    );
    expect(html).toContain('<strong>48.8\u00a0Gy</strong> (lesion L1) &ge; threshold 20\u00a0Gy');
    expect(html).toContain('would bring lesion L1 to 20\u00a0Gy: <strong>within the MTA</strong>');
  });

  it('says ELIGIBLE at exactly the threshold (>= 20 Gy)', () => {
    const html = renderReportHtml(atThreshold());
    expect(html).toContain('<div class="verdict">ELIGIBLE for 131I therapy</div>');
    expect(html).toContain('<strong>20.0\u00a0Gy</strong> (lesion L1) &ge; threshold 20\u00a0Gy');
  });

  it('says NOT ELIGIBLE below the threshold, and that the needed activity exceeds the MTA', () => {
    const html = renderReportHtml(makeResults({ lesion1Uptake24hFraction: 0.0002 }));
    expect(html).toContain('<div class="verdict">NOT ELIGIBLE for 131I therapy</div>');
    expect(html).toContain('class="decision not-eligible"');
    expect(html).toMatch(/\(lesion L1\) &lt; threshold 20\u00a0Gy/);
    expect(html).toContain('<strong>exceeds the MTA</strong> (5.14\u00a0GBq)');
  });

  it('reports the MTA as not computed when there is no blood data', () => {
    const results = makeResults({ withBlood: false });
    expect(results.blood).toBeNull();
    const html = renderReportHtml(results);
    expect(html).toContain('MTA not computed');
    expect(html).toContain('= the planned activity');
    expect(html).toContain('the MTA was not computed: no blood data');
    // A lesion reaches 20 Gy at the planned activity, but without an MTA that activity is unchecked.
    expect(html).toContain(
      '<div class="verdict">NOT ASSESSABLE: the inputs cannot support a verdict</div>',
    );
    expect(html).toContain('class="decision not-assessable"');
    expect(svgElements(html)).toHaveLength(2); // lesion plots only
  });
});

describe('HTML report: content and safety', () => {
  it('lists every lesion in the table, with uptakes to 3 significant figures', () => {
    const results = makeResults();
    const table = lesionTable(renderReportHtml(results));
    for (const lesion of results.lesions) expect(table).toContain(`<strong>${lesion.id}</strong>`);
    expect(table).toContain('>0.00412<'); // L2 uptake 0.00412 %
    expect(table).toContain('>0.150<'); // L1 uptake 0.15 %
    expect(table).toContain('no recovery coefficient given'); // L2's warning under its row
  });

  it('escapes user-provided strings (lesion ids, patient id)', () => {
    const html = renderReportHtml(makeResults({ lesionIds: ['<script>alert(1)</script>', 'L&2'] }));
    expect(html).not.toMatch(/<script/i);
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(html).toContain('L&amp;2');
    expect(html).toContain('P-TEST &amp; &lt;b&gt;co&lt;/b&gt;');
    expect(html).not.toContain('<b>co</b>');
  });

  it('inlines well-formed SVG plots with one polyline per fitted curve', () => {
    const html = renderReportHtml(makeResults());
    const svgs = svgElements(html);
    expect(svgs).toHaveLength(4); // 2 lesions, blood, whole body
    for (const svg of svgs) {
      expect(xmlProblems(svg)).toEqual([]);
      expect(svg.match(/<polyline/g)).toHaveLength(1);
    }
  });

  it('is self-contained and deterministic', () => {
    const html = renderReportHtml(makeResults());
    expect(html).not.toMatch(/<script|<link|<img|\ssrc=|@import|url\(http/i);
    expect(html).toBe(renderReportHtml(makeResults()));
    expect(html).toContain('@page { size: A4;');
  });

  it('shows blood terms, MTA limits, warnings, settings and provenance', () => {
    const results = makeResults();
    const html = renderReportHtml(results);
    expect(html).toContain('0.220 \u00b1 0.015 Gy/GBq</strong> = 0.124\u00a0Gy/GBq (&beta;');
    expect(html).toContain('58.4% of the administered activity');
    expect(html).toMatch(/<tr class="binding"><th>Whole-body retention limit at 48 h<\/th>/);
    expect(html).not.toMatch(/lung limit|lung-limited/i);
    expect(html).toContain(
      'a surrogate for lung and marrow toxicity that applies to every patient',
    );
    expect(html).toContain('Warnings (2)');
    expect(html).toContain('<code>retention48hLimitLungGBq</code>');
    expect(html).toContain('Benua et al. 1962 (80 mCi); seed paper');
    expect(html).toContain(results.provenance.inputsSha256);
    expect(html).toContain('ICRP Publication 107');
  });
});

describe('HTML report: uncertainty', () => {
  it('shows dose +- sd, the 95% interval, the probability, the MTA +- sd and P(eligible)', () => {
    const results = makeResults();
    const html = renderReportHtml(results);
    const lesion = results.lesions[0];
    if (lesion === undefined || results.mta === null) throw new Error('fixture changed');
    expect(html).toContain('95% interval');
    expect(html).toMatch(/P\(&ge; 20\sGy\)/);
    expect(html).toMatch(
      new RegExp(`>${(100 * lesion.probabilityReachesThreshold).toFixed(0)}(\\.0)?%<`),
    );
    expect(html).toMatch(
      /[\d.]+ \u00b1 [\d.]+ GBq<\/strong>, set by the <strong>48-h whole-body retention limit/,
    );
    expect(html).toContain('Probability eligible');
  });
});
