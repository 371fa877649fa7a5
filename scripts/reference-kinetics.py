#!/usr/bin/env python3
"""Reference fits for test/kinetics: noisy time-activity curves fitted with
scipy.optimize.curve_fit (Levenberg-Marquardt, MINPACK) and AICc computed the same way as
src/numerics/aicc.ts (AIC = n ln(WRSS/n) + 2K, K = p + 1, AICc = AIC + 2K(K+1)/(n-K-1)).

Weighting conventions (as src/kinetics/fit-kinetics.ts):
  'relative' -> sigma = value, absolute_sigma=False (covariance scaled by chi2/(n-p))
  'sigma'    -> sigma = given sigma, absolute_sigma=True (covariance unscaled)
  'uniform'  -> sigma = None, absolute_sigma=False
Model selection: mono always; bi/tri/mono-uptake when n >= p + 3; a candidate is dropped when the
fit fails, its covariance is not finite, or its parameters are non-physical (amplitude <= 0,
lambda <= 0 in multi-exponentials, lambda >= ln 2 / 1 min, uptake not faster than clearance);
lowest AICc wins.

Usage: python3 scripts/reference-kinetics.py  (writes test/fixtures/kinetics/reference-fits.json
and test/fixtures/kinetics/reference-preferred.json)

reference-preferred.json: noisy bi-exponential blood and whole-body curves at the six sample times
2, 6, 24, 48, 72, 108 h under selection 'preferred' (src/kinetics/model-choice.ts): the
bi-exponential is used when it is determined, i.e. n >= p + 1, curve_fit succeeded (MINPACK info
1-4, which curve_fit requires), the parameters are physical and every relative sd
sqrt(pcov_ii) / |p_i| <= 0.5; else the mono-exponential. Blood integrates with the linear rise
from 0 to the fitted value at the first sample.
"""
import json
import math
import os

import numpy as np
import scipy
from scipy.integrate import quad
from scipy.optimize import curve_fit

OUT = os.path.join(os.path.dirname(__file__), '..', 'test', 'fixtures', 'kinetics', 'reference-fits.json')
OUT_PREFERRED = os.path.join(os.path.dirname(__file__), '..', 'test', 'fixtures', 'kinetics', 'reference-preferred.json')
MAX_RELATIVE_SIGMA = 0.5  # src/kinetics/model-choice.ts DETERMINATION_LIMITS
LAMBDA_131I = math.log(2) / (8.0207 * 24)  # ICRP-107 131I, per hour


def mono(t, a, l):
    return a * np.exp(-l * t)


def bi(t, a1, l1, a2, l2):
    return a1 * np.exp(-l1 * t) + a2 * np.exp(-l2 * t)


def tri(t, a1, l1, a2, l2, a3, l3):
    return a1 * np.exp(-l1 * t) + a2 * np.exp(-l2 * t) + a3 * np.exp(-l3 * t)


def mono_uptake(t, a, l, lu):
    return a * (np.exp(-l * t) - np.exp(-lu * t))


def normalised(t0, v0, terms):
    if terms == 1:
        return lambda t, l: v0 * np.exp(-l * (t - t0))
    if terms == 2:
        return lambda t, a, l1, l2: v0 * (a * np.exp(-l1 * (t - t0)) + (1 - a) * np.exp(-l2 * (t - t0)))
    raise ValueError(terms)


def canonical(name, p, is_normalised):
    """Components fast to slow, as ExponentialModel.canonical."""
    p = list(p)
    if name == 'mono-uptake' or name == 'mono':
        return p
    if not is_normalised:
        pairs = sorted(zip(p[0::2], p[1::2]), key=lambda q: -q[1])
        return [v for pair in pairs for v in pair]
    a, l1, l2 = p
    return [a, l1, l2] if l1 >= l2 else [1 - a, l2, l1]


LAMBDA_MAX = math.log(2) * 60  # src/kinetics/exponential-models.ts LAMBDA_LIMITS.upperPerH


def physical(name, p, is_normalised):
    if any(l >= LAMBDA_MAX for l in lambdas_of(name, p, is_normalised)):
        return False
    if name == 'mono-uptake':
        a, l, lu = p
        return a > 0 and lu > l and l > 0
    if is_normalised:
        if name == 'mono':
            return True
        a, l1, l2 = p
        return 0 < a < 1 and l1 > 0 and l2 > 0
    amps, lams = p[0::2], p[1::2]
    if any(a <= 0 for a in amps):
        return False
    return name == 'mono' or all(l > 0 for l in lams)


def lambdas_of(name, p, is_normalised):
    if name == 'mono-uptake':
        return p[1:]
    if is_normalised:
        return p if name == 'mono' else p[1:]
    return p[1::2]


def time_integral(f, p, t_first, t_last, v0_hold, terminal, linear=False):
    """Integral 0..inf with the seed tail rule, by quadrature (independent of the TS analytics)."""
    g = lambda t: f(np.array(t), *p)
    if linear:
        before = float(g(t_first)) * t_first / 2
    elif v0_hold is not None:
        before = v0_hold * t_first
    else:
        before = quad(g, 0, t_first, epsabs=0, epsrel=1e-12)[0]
    measured = quad(g, t_first, t_last, epsabs=0, epsrel=1e-12, limit=200)[0]
    if terminal(p) >= LAMBDA_131I:
        after = quad(g, t_last, np.inf, epsabs=0, epsrel=1e-12, limit=200)[0]
    else:
        after = float(g(t_last)) / LAMBDA_131I
    return before + measured + after


def integral_sigma(f, p, pcov, *args, **kwargs):
    """Delta method with a central-difference gradient."""
    grad = []
    for i in range(len(p)):
        h = 1e-6 * max(abs(p[i]), 1e-12)
        up, dn = list(p), list(p)
        up[i] += h
        dn[i] -= h
        grad.append((time_integral(f, up, *args, **kwargs) - time_integral(f, dn, *args, **kwargs)) / (2 * h))
    grad = np.array(grad)
    return float(math.sqrt(grad @ np.array(pcov) @ grad))


def aicc(wrss, n, p):
    k = p + 1
    if n < k + 2:
        return None
    return n * math.log(wrss / n) + 2 * k + 2 * k * (k + 1) / (n - k - 1)


def fit_case(case):
    t_all = np.array([pt['timeH'] for pt in case['points']])
    y_all = np.array([pt['value'] for pt in case['points']])
    s_all = np.array([pt.get('sigma', np.nan) for pt in case['points']])
    is_normalised = case.get('normalisedAtFirstPoint', False)
    t, y, s = (t_all[1:], y_all[1:], s_all[1:]) if is_normalised else (t_all, y_all, s_all)
    weighting = case['weighting']
    sigma = {'relative': y, 'sigma': s, 'uniform': None}[weighting]
    absolute = weighting == 'sigma'
    fits = {}
    for name, start_list in case['starts'].items():
        if is_normalised:
            f = normalised(t_all[0], y_all[0], {'mono': 1, 'bi': 2}[name])
        else:
            f = {'mono': mono, 'bi': bi, 'tri': tri, 'mono-uptake': mono_uptake}[name]
        best = None
        for p0 in start_list:
            try:
                popt, _ = curve_fit(f, t, y, p0=p0, sigma=sigma, absolute_sigma=absolute, maxfev=20000)
            except RuntimeError:
                continue
            r = (y - f(t, *popt)) / (sigma if sigma is not None else 1)
            wrss = float(np.sum(r * r))
            if best is None or wrss < best[1]:
                best = (popt, wrss)
        if best is None:
            fits[name] = None
            continue
        popt = canonical(name, best[0], is_normalised)
        popt, pcov = curve_fit(f, t, y, p0=popt, sigma=sigma, absolute_sigma=absolute, maxfev=20000)
        r = (y - f(t, *popt)) / (sigma if sigma is not None else 1)
        wrss = float(np.sum(r * r))
        finite = bool(np.all(np.isfinite(pcov)))
        terminal = lambda q: min(lambdas_of(name, q, is_normalised))
        hold = y_all[0] if is_normalised else None
        args = (t_all[0], t_all[-1], hold, terminal)
        tia = time_integral(f, list(popt), *args)
        tia_sigma = integral_sigma(f, list(popt), pcov, *args) if finite else None
        fits[name] = {
            'params': [float(v) for v in popt],
            'covariance': [[float(v) for v in row] for row in pcov] if finite else None,
            'ssr': wrss,
            'timeIntegratedH': tia,
            'timeIntegratedSigmaH': tia_sigma,
            'aicc': aicc(wrss, len(t), len(popt)),
            'physical': finite and bool(physical(name, popt, is_normalised)),
        }
    eligible = {k: v for k, v in fits.items() if v is not None and v['physical'] and v['aicc'] is not None}
    chosen = min(eligible, key=lambda k: eligible[k]['aicc']) if eligible else 'mono'
    return {**{k: v for k, v in case.items() if k != 'starts'}, 'fits': fits, 'chosen': chosen}


def noisy(rng, f, times, rel_sd, with_sigma=False):
    points = []
    for t in times:
        true = float(f(np.array(t)))
        value = true * (1 + rel_sd * rng.standard_normal())
        pt = {'timeH': float(t), 'value': value}
        if with_sigma:
            pt['sigma'] = rel_sd * true
        points.append(pt)
    return points


def main():
    rng = np.random.default_rng(20240304)
    cases = []
    # 1. lesion, five PET scans, 10% noise, relative weights: mono-exponential only
    lesion = lambda t: 0.004 * np.exp(-math.log(2) / 40 * t)
    cases.append({
        'name': 'lesion mono-exponential, 5 scans, 10% noise, relative weights',
        'weighting': 'relative',
        'points': noisy(rng, lesion, [4, 24, 48, 96, 144], 0.10),
        'starts': {'mono': [[0.004, 0.017]]},
    })
    # 2. blood, eight samples, 5% noise with known sigma: mono / bi / mono-uptake compete
    blood = lambda t: 3e-4 * np.exp(-0.35 * t) + 1.2e-4 * np.exp(-0.03 * t)
    cases.append({
        'name': 'blood bi-exponential, 8 samples, 5% noise, known sigma',
        'weighting': 'sigma',
        'points': noisy(rng, blood, [0.5, 1, 2, 4, 8, 24, 48, 96], 0.05, with_sigma=True),
        'starts': {
            'mono': [[3e-4, 0.05]],
            'bi': [[3e-4, 0.4, 1e-4, 0.03], [2e-4, 1.0, 2e-4, 0.05]],
            'mono-uptake': [[2e-4, 0.03, 1.0], [4e-4, 0.05, 3.0]],
        },
    })
    # 3. lesion with uptake, seven points, 4% noise, relative weights
    uptake = lambda t: 0.01 * (np.exp(-0.015 * t) - np.exp(-0.25 * t))
    cases.append({
        'name': 'lesion with uptake phase, 7 points, 4% noise, relative weights',
        'weighting': 'relative',
        'points': noisy(rng, uptake, [1, 3, 6, 24, 48, 96, 144], 0.04),
        'starts': {
            'mono': [[0.008, 0.01]],
            'mono-uptake': [[0.01, 0.015, 0.25], [0.01, 0.01, 1.0]],
        },
    })
    # 4. whole-body retention normalised to the first count, uniform weights
    t0 = 2.0
    wb = lambda t: 0.75 * np.exp(-0.12 * (t - t0)) + 0.25 * np.exp(-0.012 * (t - t0))
    pts = [{'timeH': t0, 'value': 1.0}] + noisy(rng, wb, [6, 12, 24, 48, 72, 96, 144], 0.02)
    cases.append({
        'name': 'whole-body retention, normalised at the first count, 2% noise, uniform weights',
        'weighting': 'uniform',
        'normalisedAtFirstPoint': True,
        'points': pts,
        'starts': {'mono': [[0.05]], 'bi': [[0.7, 0.1, 0.01], [0.5, 0.3, 0.02]]},
    })
    # 5. tri-exponential blood curve, 12 samples, 2% noise, relative weights
    blood3 = lambda t: 0.3 * np.exp(-1.5 * t) + 0.2 * np.exp(-0.15 * t) + 0.05 * np.exp(-0.01 * t)
    cases.append({
        'name': 'tri-exponential, 12 samples, 2% noise, relative weights',
        'weighting': 'relative',
        'points': noisy(rng, blood3, [0.25, 0.5, 1, 2, 4, 8, 16, 24, 48, 72, 120, 168], 0.02),
        'starts': {
            'mono': [[0.1, 0.02]],
            'bi': [[0.4, 0.5, 0.06, 0.012], [0.3, 0.2, 0.05, 0.01]],
            'tri': [[0.3, 1.5, 0.2, 0.15, 0.05, 0.01]],
            'mono-uptake': [[0.1, 0.02, 1.0]],
        },
    })
    out = {
        'generator': 'scripts/reference-kinetics.py',
        'scipy': scipy.__version__,
        'numpy': np.__version__,
        'physicalDecayConstantPerH': LAMBDA_131I,
        'cases': [fit_case(c) for c in cases],
    }
    with open(OUT, 'w') as fh:
        json.dump(out, fh, indent=1)
        fh.write('\n')
    for c in out['cases']:
        print(c['name'], '->', c['chosen'], {k: (v and v['aicc']) for k, v in c['fits'].items()})


def fit_preferred(case):
    """Selection 'preferred' over ['bi', 'mono'] with relative weights (as the blood pipeline)."""
    t_all = np.array([pt['timeH'] for pt in case['points']])
    y_all = np.array([pt['value'] for pt in case['points']])
    is_normalised = case['normalisedAtFirstPoint']
    t, y = (t_all[1:], y_all[1:]) if is_normalised else (t_all, y_all)
    attempts = []
    for name in ['bi', 'mono']:
        f = normalised(t_all[0], y_all[0], {'mono': 1, 'bi': 2}[name]) if is_normalised else {'mono': mono, 'bi': bi}[name]
        best = None
        for p0 in case['starts'][name]:
            popt, pcov, _, _, ier = curve_fit(f, t, y, p0=p0, sigma=y, absolute_sigma=False,
                                              maxfev=20000, full_output=True)
            wrss = float(np.sum(((y - f(t, *popt)) / y) ** 2))
            if best is None or wrss < best[1]:
                best = (popt, wrss, ier)
        popt = canonical(name, best[0], is_normalised)
        popt, pcov, _, _, ier = curve_fit(f, t, y, p0=popt, sigma=y, absolute_sigma=False,
                                          maxfev=20000, full_output=True)
        relative_sd = [float(math.sqrt(pcov[i][i]) / abs(popt[i])) for i in range(len(popt))]
        determined = (len(t) >= len(popt) + 1 and ier in (1, 2, 3, 4)
                      and physical(name, popt, is_normalised)
                      and all(r <= MAX_RELATIVE_SIGMA for r in relative_sd))
        terminal = lambda q, name=name: min(lambdas_of(name, q, is_normalised))
        hold = y_all[0] if is_normalised else None
        args = (t_all[0], t_all[-1], hold, terminal)
        linear = not is_normalised
        attempts.append({
            'model': name,
            'params': [float(v) for v in popt],
            'covariance': [[float(v) for v in row] for row in pcov],
            'relativeSd': relative_sd,
            'minpackInfo': int(ier),
            'determined': bool(determined),
            'timeIntegratedH': time_integral(f, list(popt), *args, linear=linear),
            'timeIntegratedSigmaH': integral_sigma(f, list(popt), pcov, *args, linear=linear),
        })
        if determined:
            break
    chosen = next((a['model'] for a in attempts if a['determined']), 'mono')
    return {**{k: v for k, v in case.items() if k != 'starts'}, 'attempts': attempts, 'chosen': chosen}


def main_preferred():
    rng = np.random.default_rng(20250101)
    times = [2, 6, 24, 48, 72, 108]
    blood = lambda t: 4e-5 * np.exp(-math.log(2) / 6 * t) + 1e-5 * np.exp(-math.log(2) / 40 * t)
    t0 = 2.0
    wb = lambda t: 0.73 * np.exp(-math.log(2) / 6 * (t - t0)) + 0.27 * np.exp(-math.log(2) / 58 * (t - t0))
    cases = [
        {
            'name': 'blood bi-exponential, 6 samples 2-108 h, 3% noise, relative weights, linear rise',
            'normalisedAtFirstPoint': False,
            'uptakePhase': 'linear',
            'points': noisy(rng, blood, times, 0.03),
            'starts': {'bi': [[4e-5, 0.1, 1e-5, 0.02], [3e-5, 0.3, 1e-5, 0.01]], 'mono': [[3e-5, 0.03]]},
        },
        {
            'name': 'whole body bi-exponential, 6 counts 2-108 h, 2% noise, normalised, relative weights',
            'normalisedAtFirstPoint': True,
            'uptakePhase': 'none',
            'points': [{'timeH': t0, 'value': 1.0}] + noisy(rng, wb, times[1:], 0.02),
            'starts': {'bi': [[0.7, 0.1, 0.01], [0.5, 0.3, 0.02]], 'mono': [[0.03]]},
        },
    ]
    out = {
        'generator': 'scripts/reference-kinetics.py',
        'scipy': scipy.__version__,
        'numpy': np.__version__,
        'physicalDecayConstantPerH': LAMBDA_131I,
        'maxRelativeSigma': MAX_RELATIVE_SIGMA,
        'cases': [fit_preferred(c) for c in cases],
    }
    with open(OUT_PREFERRED, 'w') as fh:
        json.dump(out, fh, indent=1)
        fh.write('\n')
    for c in out['cases']:
        print(c['name'], '->', c['chosen'], [(a['model'], a['determined'], a['relativeSd']) for a in c['attempts']])


if __name__ == '__main__':
    main()
    main_preferred()
