#!/usr/bin/env python3
"""Reference values for test/cohort/stats: the cohort statistics of src/cohort/stats computed by
numpy/scipy on a fixed, seeded set of cases.

  quantiles      numpy.quantile(x, q) (default method='linear', Hyndman & Fan type 7)
  friedman       scipy.stats.friedmanchisquare(*columns) (tie-corrected; rows = blocks)
  wilcoxon       scipy.stats.wilcoxon(x, y) with its defaults (zero_method='wilcox',
                 correction=False, alternative='two-sided', method='auto'); the branch 'auto'
                 takes is recorded from scipy 1.17's rule in scipy/stats/_wilcoxon.py
  clopper        scipy.stats.binomtest(k, n[, alternative='less']).proportion_ci(c, 'exact'),
                 and scipy.stats.beta.ppf for the same bound (k = 0..n for n = 9, 17, 20;
                 ends and middle for n = 1, 2, 100, 1000)
  wilcoxon edge  scipy raises ValueError for a single pair with a zero difference (its
                 permutation branch needs 2 observations); src returns null there
  cohort         a small lesion x timepoint table with gaps, analysed end to end as above
  special        scipy.special gammaln, gammainc, gammaincc, erfc, betainc, betaincinv;
                 scipy.stats.norm.sf, chi2.sf

Values that scipy returns as nan are written as null. Usage:
  python3 scripts/reference-cohort-stats.py   (writes test/fixtures/cohort-stats/reference.json)
  npx prettier --write test/fixtures/cohort-stats/reference.json   (the repository's JSON layout)
"""
import json
import math
import os
import warnings

import numpy as np
import scipy
from scipy import special, stats

OUT = os.path.join(os.path.dirname(__file__), '..', 'test', 'fixtures', 'cohort-stats', 'reference.json')
SEED = 20240604


def num(v):
    v = float(v)
    return None if math.isnan(v) else v


def wilcoxon_branch(d):
    """scipy 1.17 method='auto' (zero_method='wilcox'): which null distribution is used."""
    n = len(d)
    nz = d[d != 0]
    has_ties = len(np.unique(np.abs(nz))) < len(nz)
    has_zeros = len(nz) < n
    if n > 50:
        return 'asymptotic'
    if not (has_ties or has_zeros):
        return 'exact'
    return 'permutation' if n <= 13 else 'asymptotic'


def quantile_cases(rng):
    cases = []
    samples = [
        ('n=1', [3.7]),
        ('n=2', [5.0, 1.0]),
        ('n=3', [2.0, 9.0, 4.0]),
        ('n=4', [1.0, 2.0, 3.0, 10.0]),
        ('n=4 all tied', [7.5, 7.5, 7.5, 7.5]),
        ('n=5 with ties', [3.0, 1.0, 3.0, 3.0, 8.0]),
        ('n=9 with ties', [float(v) for v in rng.integers(0, 5, 9)]),
        ('n=9 continuous', list(rng.normal(50, 20, 9))),
        ('n=10 negative and positive', list(rng.normal(0, 1, 10))),
        ('n=17 lognormal', list(rng.lognormal(3, 1, 17))),
        ('n=30 with ties', [float(v) for v in rng.integers(-3, 4, 30)]),
    ]
    qs = [0.0, 0.1, 0.25, 0.5, 0.75, 0.9, 1.0, 1 / 3]
    for name, x in samples:
        a = np.asarray(x, dtype=float)
        cases.append({
            'name': name,
            'values': [float(v) for v in a],
            'q': qs,
            'quantiles': [float(np.quantile(a, q)) for q in qs],
            'median': float(np.quantile(a, 0.5)),
            'q1': float(np.quantile(a, 0.25)),
            'q3': float(np.quantile(a, 0.75)),
            'min': float(a.min()),
            'max': float(a.max()),
        })
    return cases


def friedman_case(name, blocks):
    b = np.asarray(blocks, dtype=float)
    with warnings.catch_warnings():
        warnings.simplefilter('ignore')
        res = stats.friedmanchisquare(*[b[:, j] for j in range(b.shape[1])])
    return {'name': name, 'blocks': b.tolist(), 'statistic': num(res.statistic), 'pValue': num(res.pvalue)}


def friedman_cases(rng):
    cases = []
    for k in (3, 4):
        for n in (5, 8, 12, 20):
            cases.append(friedman_case(f'k={k} n={n} continuous', rng.normal(10, 3, (n, k))
                                       + np.arange(k) * rng.uniform(0, 2)))
            cases.append(friedman_case(f'k={k} n={n} ties within blocks',
                                       rng.integers(0, 3, (n, k)).astype(float)))
    mixed = rng.integers(0, 4, (10, 3)).astype(float)
    mixed[0, :] = 2.0
    mixed[4, :] = 1.0
    cases.append(friedman_case('k=3 n=10 two all-tied blocks', mixed))
    cases.append(friedman_case('k=5 n=6 trend', rng.normal(0, 1, (6, 5)) + np.arange(5)))
    cases.append(friedman_case('k=3 n=2 smallest allowed', [[1.0, 2.0, 3.0], [2.0, 1.0, 3.0]]))
    cases.append(friedman_case('k=3 n=7 perfect concordance', [[1.0, 2.0, 3.0]] * 7))
    cases.append(friedman_case('k=3 n=4 every block tied (scipy nan)', [[5.0, 5.0, 5.0]] * 4))
    return cases


def wilcoxon_case(name, x, y):
    x = np.asarray(x, dtype=float)
    y = np.asarray(y, dtype=float)
    d = x - y
    with warnings.catch_warnings():
        warnings.simplefilter('ignore')
        res = stats.wilcoxon(x, y)
        branch = wilcoxon_branch(d) if np.count_nonzero(d) > 0 else None
        if branch is not None:
            # The recorded branch must be the one 'auto' took: the same p-value with it forced.
            method = stats.PermutationMethod() if branch == 'permutation' else branch
            forced = stats.wilcoxon(x, y, method=method)
            assert forced.pvalue == res.pvalue, (name, branch, forced.pvalue, res.pvalue)
    return {
        'name': name,
        'x': [float(v) for v in x],
        'y': [float(v) for v in y],
        'statistic': num(res.statistic),
        'pValue': num(res.pvalue),
        'nonZero': int(np.count_nonzero(d)),
        'zeroDifferences': int(len(d) - np.count_nonzero(d)),
        'branch': branch,
    }


def wilcoxon_cases(rng):
    cases = []
    for n in list(range(1, 21)) + [25, 30, 40, 49, 50, 51, 55, 60]:
        x = rng.normal(10, 2, n)
        y = x - rng.normal(0.5, 1.5, n)
        cases.append(wilcoxon_case(f'n={n} continuous', x, y))
    for n in (3, 6, 9, 12, 13, 14, 20, 35, 50, 51, 60):
        x = rng.integers(0, 8, n).astype(float)
        y = rng.integers(0, 8, n).astype(float)
        cases.append(wilcoxon_case(f'n={n} integers (ties and zeros)', x, y))
    for n in (5, 10, 13, 14, 30, 50):
        x = rng.normal(5, 1, n)
        y = x + rng.choice([-2.0, -1.0, 1.0, 2.0, 3.0], n)
        cases.append(wilcoxon_case(f'n={n} tied |d|, no zeros', x, y))
    for n in (4, 8, 13, 14, 40):
        x = rng.normal(5, 1, n)
        y = x - rng.normal(1, 1, n)
        y[: max(1, n // 4)] = x[: max(1, n // 4)]
        cases.append(wilcoxon_case(f'n={n} continuous with zero differences', x, y))
    cases.append(wilcoxon_case('n=1 single positive difference', [2.0], [1.0]))
    cases.append(wilcoxon_case('n=2 one zero one positive', [1.0, 0.0], [0.0, 0.0]))
    cases.append(wilcoxon_case('n=6 all one sign', [1.0, 2.0, 3.0, 4.0, 5.0, 6.0], [0.0] * 6))
    cases.append(wilcoxon_case('n=10 all differences equal', [1.0] * 10, [0.0] * 10))
    cases.append(wilcoxon_case('n=5 all zero (scipy p=1, permutation)', [1.0, 2.0, 3.0, 4.0, 5.0],
                               [1.0, 2.0, 3.0, 4.0, 5.0]))
    z = list(np.arange(20.0))
    cases.append(wilcoxon_case('n=20 all zero (scipy p=nan, asymptotic)', z, z))
    return cases


def clopper_cases():
    cases = []
    grid = [(n, k, c) for n in (9, 17, 20) for k in range(n + 1)
            for c in ((0.95, 0.9, 0.99) if n == 17 else (0.95,))]
    grid += [(n, k, 0.95) for n in (1, 2, 100, 1000) for k in sorted({0, 1, n // 2, n - 1, n})]
    for n, k, c in grid:
        one = stats.binomtest(k, n, alternative='less').proportion_ci(c, method='exact')
        two = stats.binomtest(k, n).proportion_ci(c, method='exact')
        cases.append({
            'successes': k, 'n': n, 'confidence': c,
            'upperOneSided': float(one.high),
            'upperOneSidedBetaPpf': float(stats.beta.ppf(c, k + 1, n - k)) if k < n else 1.0,
            'lower': float(two.low), 'upper': float(two.high),
        })
    return cases


def special_cases():
    lg = [0.1, 0.5, 1.0, 1.5, 2.0, 3.3, 7.0, 10.5, 25.0, 100.0, 171.5]
    ga = [(0.5, 0.01), (0.5, 0.5), (0.5, 2.0), (0.5, 12.5), (1.0, 1.0), (1.5, 0.3), (1.5, 4.0),
          (2.0, 7.0), (3.0, 0.5), (5.0, 5.0), (10.0, 3.0), (10.0, 25.0), (30.0, 28.0)]
    er = [-3.0, -1.0, -0.2, 0.0, 1e-4, 0.3, 1.0, 2.5, 5.0, 9.0]
    ns = [-5.0, -1.96, -0.5, 0.0, 0.5, 1.0, 1.6448536269514722, 1.96, 3.0, 6.0, 8.0]
    cs = [(0.01, 1), (0.5, 1), (3.84, 1), (1.0, 2), (5.99, 2), (0.1, 3), (7.81, 3), (20.0, 3),
          (9.49, 4), (40.0, 5), (0.0, 2)]
    bi = [(0.01, 0.5, 0.5), (0.3, 0.5, 2.0), (0.2, 1.0, 9.0), (0.5, 2.0, 3.0), (0.9, 5.0, 1.5),
          (0.05, 1.0, 1.0), (0.7, 10.0, 12.0), (0.99, 3.0, 40.0), (0.4, 20.0, 30.0)]
    bv = [(0.95, 1000.0, 1.0), (0.025, 999.0, 2.0), (0.05, 1.0, 9.0), (0.95, 1.0, 9.0),
          (0.025, 3.0, 15.0), (0.975, 4.0, 14.0),
          (0.5, 0.5, 0.5), (0.001, 2.0, 5.0), (0.999, 20.0, 1.0), (0.3, 0.7, 3.0), (0.8, 50.0, 60.0)]
    return {
        'lnGamma': [{'x': x, 'value': float(special.gammaln(x))} for x in lg],
        'gamma': [{'a': a, 'x': x, 'p': float(special.gammainc(a, x)), 'q': float(special.gammaincc(a, x))}
                  for a, x in ga],
        'erfc': [{'x': x, 'value': float(special.erfc(x))} for x in er],
        'normalSf': [{'z': z, 'value': float(stats.norm.sf(z))} for z in ns],
        'chiSquareSf': [{'x': x, 'df': df, 'value': float(stats.chi2.sf(x, df))} for x, df in cs],
        'beta': [{'x': x, 'a': a, 'b': b, 'value': float(special.betainc(a, b, x))} for x, a, b in bi],
        'betaInverse': [{'p': p, 'a': a, 'b': b, 'value': float(special.betaincinv(a, b, p))}
                        for p, a, b in bv],
    }


def cohort_case():
    """A 12-lesion cohort with a baseline and three follow-ups (uptake, %); nan = not measured.

    Per timepoint: summary of the lesions measured then. Friedman: lesions measured at every
    timepoint. Wilcoxon: each follow-up against baseline over lesions measured at both.
    Eligibility: 0 of 9 patients eligible.
    """
    nan = float('nan')
    table = np.array([
        [12.0, 10.5, 8.0, 6.5],
        [8.4, 8.4, 7.9, nan],
        [15.2, 13.0, 13.0, 9.1],
        [5.5, 6.0, 4.2, 3.3],
        [9.9, 7.7, nan, 5.0],
        [20.1, 18.3, 15.5, 15.5],
        [7.0, 7.0, 7.0, 7.0],
        [11.3, 9.8, 10.1, 8.8],
        [6.6, 6.9, 5.1, 4.0],
        [14.0, 12.2, 11.9, 10.0],
        [10.0, nan, 9.0, 8.5],
        [3.2, 3.0, 2.9, 2.9],
    ])
    summaries = []
    for j in range(table.shape[1]):
        col = table[:, j][~np.isnan(table[:, j])]
        summaries.append({'n': int(len(col)), 'median': float(np.quantile(col, 0.5)),
                          'q1': float(np.quantile(col, 0.25)), 'q3': float(np.quantile(col, 0.75)),
                          'min': float(col.min()), 'max': float(col.max())})
    complete = table[~np.isnan(table).any(axis=1)]
    fr = stats.friedmanchisquare(*[complete[:, j] for j in range(complete.shape[1])])
    pairwise = []
    for j in range(1, table.shape[1]):
        ok = ~np.isnan(table[:, 0]) & ~np.isnan(table[:, j])
        w = stats.wilcoxon(table[ok, j], table[ok, 0])
        pairwise.append({'timepoint': j, 'pairs': int(ok.sum()), 'statistic': float(w.statistic),
                         'pValue': float(w.pvalue)})
    elig = stats.binomtest(0, 9, alternative='less').proportion_ci(0.95, method='exact')
    return {
        'table': [[None if math.isnan(v) else float(v) for v in row] for row in table],
        'summaries': summaries,
        'friedman': {'blocks': int(complete.shape[0]), 'statistic': float(fr.statistic),
                     'pValue': float(fr.pvalue)},
        'wilcoxonVsBaseline': pairwise,
        'eligibility': {'successes': 0, 'n': 9, 'upperOneSided95': float(elig.high)},
    }


def main():
    rng = np.random.default_rng(SEED)
    out = {
        'generator': 'scripts/reference-cohort-stats.py',
        'seed': SEED,
        'numpy': np.__version__,
        'scipy': scipy.__version__,
        'quantiles': quantile_cases(rng),
        'friedman': friedman_cases(rng),
        'wilcoxon': wilcoxon_cases(rng),
        'clopperPearson': clopper_cases(),
        'special': special_cases(),
        'cohort': cohort_case(),
    }
    os.makedirs(os.path.dirname(OUT), exist_ok=True)
    with open(OUT, 'w') as f:
        json.dump(out, f, indent=1)
        f.write('\n')
    print(f'wrote {os.path.normpath(OUT)}')


if __name__ == '__main__':
    main()
