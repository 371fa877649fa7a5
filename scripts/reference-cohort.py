#!/usr/bin/env python3
"""Reference values for test/cohort and test/cli/cohort.test.ts, computed with numpy and scipy.

1. A cohort built from known values (seeded lognormal numbers, lesions missing at some
   timepoints, one patient missing a timepoint) -> test/fixtures/cohort/known-cohort.json: the
   input, and per parameter and timepoint n, median, q1, q3 (numpy.quantile default 'linear'), the
   Friedman test (scipy.stats.friedmanchisquare) over the blocks complete at every timepoint, the
   Wilcoxon signed-rank test (scipy.stats.wilcoxon defaults) of each timepoint against the
   baseline over the blocks present at both, and exact one-sided 95% Clopper-Pearson upper bounds
   (scipy.stats.beta.ppf(0.95, k + 1, n - k)).
2. With a cohort.json path (iodose cohort on examples/demo-cohort), the same statistics from its
   `values` -> test/fixtures/cohort/demo-expected.json (the values are kept to detect changes).

Usage: python3 scripts/reference-cohort.py [path/to/cohort.json]
  (the demo: node bin/iodose cohort examples/demo-cohort/cohort.yaml --out /tmp/c, then pass
  /tmp/c/cohort.json; afterwards npx prettier --write test/fixtures/cohort)
"""
import json
import os
import sys

import numpy as np
import scipy
from scipy import stats

HERE = os.path.dirname(__file__)
OUT = os.path.join(HERE, '..', 'test', 'fixtures', 'cohort')
TIMEPOINTS = ['wk0', 'wk6', 'wk12']
LESION = ['doseGyPerGBq', 'uptake24hPercent', 'residenceTimeH', 'volumeMl']
PATIENT = ['mtaGBq', 'wbRetention48hPercent', 'bloodDoseGyPerGBq']


def table(series, timepoints):
    """series: list of {timepoint: value}; returns the summaries and tests as iodose reports them."""
    out = {}
    for t in timepoints:
        v = [s[t] for s in series if t in s]
        out[t] = {
            'n': len(v),
            'median': float(np.quantile(v, 0.5)),
            'q1': float(np.quantile(v, 0.25)),
            'q3': float(np.quantile(v, 0.75)),
        }
    complete = [s for s in series if all(t in s for t in timepoints)]
    res = stats.friedmanchisquare(*[[s[t] for s in complete] for t in timepoints])
    out['friedman'] = {'statistic': float(res.statistic), 'pValue': float(res.pvalue), 'blocks': len(complete)}
    base = timepoints[0]
    out['wilcoxonVsBaseline'] = {}
    for t in timepoints[1:]:
        pairs = [s for s in series if base in s and t in s]
        res = stats.wilcoxon([s[base] for s in pairs], [s[t] for s in pairs])
        out['wilcoxonVsBaseline'][t] = {'pairs': len(pairs), 'statistic': float(res.statistic), 'pValue': float(res.pvalue)}
    return out


def upper95(k, n):
    return 1.0 if k == n else float(stats.beta.ppf(0.95, k + 1, n - k))


def known_cohort():
    rng = np.random.default_rng(20240304)
    patients = []
    for i in range(9):
        studies = {}
        for j, t in enumerate(TIMEPOINTS):
            if (i, t) in [(2, 'wk6'), (6, 'wk6'), (8, 'wk12')]:
                continue
            lesions = []
            for k in range(1 + i % 3):
                if (i, k, t) in [(3, 1, 'wk12'), (5, 0, 'wk6')]:
                    continue
                lesions.append({
                    'id': f'L{k + 1}',
                    'doseGyPerGBq': float(rng.lognormal(-2.0 + 0.2 * j, 1.0)),
                    'uptake24hPercent': float(rng.lognormal(-5.5, 1.2)),
                    'residenceTimeH': float(rng.lognormal(-6.0 + 0.1 * j, 1.1)),
                    'volumeMl': float(rng.lognormal(1.8 - 0.3 * j, 0.7)),
                })
            studies[t] = {
                'lesions': lesions,
                'mtaGBq': float(rng.normal(20, 5)),
                'wbRetention48hPercent': float(rng.normal(12, 4)),
                'bloodDoseGyPerGBq': float(rng.lognormal(-2.3, 0.3)),
                'eligible': (i, t) == (4, 'wk6'),
            }
        patients.append({'id': f'P{i + 1:02d}', 'histology': 'oncocytic' if i % 3 else 'papillary', 'studies': studies})
    lesion_series = {}
    for p in patients:
        for t in TIMEPOINTS:
            for lesion in p['studies'].get(t, {'lesions': []})['lesions']:
                lesion_series.setdefault((p['id'], lesion['id']), {})[t] = lesion
    tables = {'lesion': {}, 'patient': {}}
    for name in LESION + ['residenceTimeMin']:
        src = 'residenceTimeH' if name == 'residenceTimeMin' else name
        scale = 60.0 if name == 'residenceTimeMin' else 1.0
        series = [{t: les[src] * scale for t, les in s.items()} for s in lesion_series.values()]
        tables['lesion'][name] = table(series, TIMEPOINTS)
    for name in PATIENT:
        series = [{t: st[name] for t, st in p['studies'].items()} for p in patients]
        tables['patient'][name] = table(series, TIMEPOINTS)
    eligibility = {'overall': {'eligible': 1, 'n': 9, 'upper95': upper95(1, 9)}}
    for t in TIMEPOINTS:
        present = [p for p in patients if t in p['studies']]
        k = sum(p['studies'][t]['eligible'] for p in present)
        eligibility[t] = {'eligible': k, 'n': len(present), 'upper95': upper95(k, len(present))}
    bounds = {f'{k}/{n}': upper95(k, n) for k, n in [(0, 9), (1, 9), (0, 1), (3, 12), (0, 20)]}
    return {'scipy': scipy.__version__, 'numpy': np.__version__, 'timepoints': TIMEPOINTS,
            'patients': patients, 'expected': {'tables': tables, 'eligibility': eligibility, 'clopperPearsonUpper95': bounds}}


def demo_expected(cohort_path):
    with open(cohort_path) as f:
        cohort = json.load(f)
    tps = cohort['timepoints']
    out = {'scipy': scipy.__version__, 'numpy': np.__version__, 'values': cohort['values'], 'tables': {'lesion': {}, 'patient': {}}}
    for level in ('lesion', 'patient'):
        for name, blocks in cohort['values'][level].items():
            out['tables'][level][name] = table([b['values'] for b in blocks], tps)
    overall = cohort['eligibility']['overall']
    out['eligibility'] = {'overall': {'eligible': overall['eligible'], 'n': overall['n'], 'upper95': upper95(overall['eligible'], overall['n'])}}
    return out


def write(name, data):
    path = os.path.join(OUT, name)
    with open(path, 'w') as f:
        json.dump(data, f, indent=1)
        f.write('\n')
    print(f'wrote {path}')


if __name__ == '__main__':
    write('known-cohort.json', known_cohort())
    if len(sys.argv) > 1:
        write('demo-expected.json', demo_expected(sys.argv[1]))
