// The report's blood section says which model each curve used and why, how well it fits, and
// R(48 h) as fitted and as read from the counts (issue 7, items 1 and 2).
import { describe, expect, it } from 'vitest';
import { renderBlood } from '../../src/report/study/report-blood.ts';
import { makeResults } from './fixture.ts';

describe('blood section: model choice, fit quality and R(48 h) from the counts', () => {
  it('names the fallback model and the reason the requested one was not used', () => {
    const results = makeResults();
    const blood = results.blood!;
    blood.bloodFit.modelChoice = {
      selection: 'preferred',
      requested: 'bi',
      used: 'mono',
      reason: 'bi-exponential not determined: 3 points for the 4 parameters of a bi-exponential',
    };
    blood.wbRetention48hFromCount = {
      percent: 20,
      countTimesH: [48, 96],
      rule: 'log-linear interpolation',
      fitDifference: 0.25,
    };
    const html = renderBlood(results, true);
    expect(html).toContain(
      '<strong>mono-exponential</strong> instead of the bi-exponential: <span class="provisional">bi-exponential not determined: 3 points',
    );
    expect(html).toContain(
      '<th>Whole-body curve</th><td><strong>mono-exponential</strong>, chosen by AICc',
    );
    expect(html).toContain('from the counts (log-linear interpolation between 48.0 and 96.0 h)');
    expect(html).toContain('the fit differs by <span class="provisional">+25%</span>');
    expect(html).toMatch(/largest miss 3\.\d+% \(sample at \d+\.\d h\); runs test not applicable/);
  });

  it('says when no count near 48 h could check the fitted retention', () => {
    const html = renderBlood(makeResults(), true);
    expect(html).toContain('no whole-body count within 6 h: not checked against the counts');
  });
});
