#!/usr/bin/env python3
"""Independent numpy Monte Carlo of the dose uncertainty on an analytic patient (issue 7, item 3).

The model is written here from its formulas, not from iodose's code:
  lesion: 124I concentration c_i (x PET calibration (1 + u_cal z), x counting (1 + u_c z_i)),
    RC(V) = a / (1 + (V50 / V)^s) with [a, ln V50, s] ~ N(p, C) (recovery-curve covariance),
    V ~ lognormal (median V, relative sd 3 u_b / r), A_i = c_i / RC(V) x V,
    f_i = A_i / A0 x exp((lambda124 - lambda131) t_i) (131I-equivalent fraction),
    mono-exponential exactly through (t1, f1), (t2, f2), integrated from 0; after t2 the curve, or
    131I physical decay from f(t2) when lambda_eff < lambda131 (seed tail rule);
    D/A = tau x 3600 x S(1.04 V) x 1e9, S = electron + photon parts, each log-log interpolated
    in mass in the sphere table (data/s-values, from ICRP-107 emissions).
  blood: samples x well-counter (1 + u_w z) x (1 + u_s z_i); linear rise from 0 to the first
    sample, mono-exponential through the two samples, seed tail; tau_blood per mL.
  whole body: counts N_i x (1 + sqrt(1/N_i + u_g^2) z_i); retention decay-corrected (124I) to the
    first count = 100%, x 131I decay; held at 100% before the first count, mono-exponential from
    (t0, 1) through (t1, v1), seed tail; R(48 h); tau_WB.
  D_blood/A = 108 tau_blood + 0.0188 / w^(2/3) tau_WB, w x (1 + u_w z);
  MTA = min(2 / D_blood, 4.4 / R(48 h)); therapy activity min(7.4, MTA); lesion dose there >= 20 Gy.
Writes test/fixtures/uncertainty/reference.json (inputs and reference statistics).
Run: python3 scripts/reference-uncertainty.py
"""
import json
import os

import numpy as np

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..")
N = 400_000
SEED = 20180245


def half_life_h(name):
    with open(os.path.join(ROOT, "data", "icrp107", f"{name}.json")) as f:
        d = json.load(f)
    return d["half_life"] * {"d": 24.0, "h": 1.0}[d["time_unit"]]


L131 = np.log(2) / half_life_h("I-131")
L124 = np.log(2) / half_life_h("I-124")
with open(os.path.join(ROOT, "data", "s-values", "I-131-spheres-rho1.04.json")) as f:
    TABLE = json.load(f)["rows"]
TABLE_M = np.array([r["massG"] for r in TABLE])
TABLE_E = np.array([r["electronSGyPerBqS"] for r in TABLE])
TABLE_P = np.array([r["photonSGyPerBqS"] for r in TABLE])


def s_value(mass_g):
    """Electron and photon S log-log interpolated in mass separately, then summed."""
    x = np.log(mass_g)
    return sum(np.exp(np.interp(x, np.log(TABLE_M), np.log(t))) for t in (TABLE_E, TABLE_P))


def mono_integral(t1, f1, t2, f2, uptake_linear):
    """Integral 0..inf of the exact mono-exponential through two points, seed tail rule."""
    lam = np.log(f1 / f2) / (t2 - t1)
    amp = f1 * np.exp(lam * t1)
    def prim(a, b):  # integral of amp e^{-lam t} from a to b
        return amp * (np.exp(-lam * a) - np.exp(-lam * b)) / lam
    before = t1 * f1 / 2 if uptake_linear else prim(0.0, t1)
    measured = prim(t1, t2)
    curve_tail = lam >= L131
    after = np.where(curve_tail, f2 / np.where(curve_tail, lam, 1.0), f2 / L131)
    return before + measured + after, lam


# The analytic patient (times in h after administration).
A0_BQ = 37e6
WEIGHT_KG = 70.0
CURVE = {"plateau": 0.884, "halfVolumeMl": 0.811, "slope": 0.94}
SD = np.array([0.03, 0.10, 0.08])
CORR = np.array([[1.0, 0.5, -0.3], [0.5, 1.0, 0.4], [-0.3, 0.4, 1.0]])
COV = CORR * np.outer(SD, SD)
LESIONS = [
    {"id": "La", "volumeMl": 2.0, "times": [24.0, 96.0], "conc": [4030.0, 1780.0]},
    {"id": "Lb", "volumeMl": 0.8, "times": [24.0, 96.0], "conc": [1320.0, 890.0]},
]
BLOOD = {"times": [2.0, 72.0], "conc": [1620.0, 297.0]}
WB = {"times": [2.0, 72.0], "counts": [100000.0, 15000.0]}
U = {
    "petCalibrationRelSd": 0.05,
    "voiCountingRelSd": 0.05,
    "volumeBoundarySdMm": 0.5,
    "wellCounterCalibrationRelSd": 0.03,
    "bloodSampleRelSd": 0.02,
    "wholeBodyGeometryRelSd": 0.05,
    "weightRelSd": 0.01,
}


def simulate(z):
    """Everything per sample; z: dict of standard normal arrays (zeros -> nominal)."""
    p = np.array([CURVE["plateau"], np.log(CURVE["halfVolumeMl"]), CURVE["slope"]])
    chol = np.linalg.cholesky(COV)
    params = p[:, None] + chol @ z["rc"]
    cal = 1 + U["petCalibrationRelSd"] * z["cal"]
    doses = []
    for k, lesion in enumerate(LESIONS):
        v = lesion["volumeMl"]
        radius_mm = np.cbrt(3 * v * 1000 / (4 * np.pi))
        rel = 3 * U["volumeBoundarySdMm"] / radius_mm
        vol = v * np.exp(np.sqrt(np.log(1 + rel**2)) * z["vol"][k])
        rc = params[0] / (1 + np.exp(params[2] * (params[1] - np.log(vol))))
        f = []
        for i, (t, c) in enumerate(zip(lesion["times"], lesion["conc"])):
            conc = c * cal * (1 + U["voiCountingRelSd"] * z["count"][k][i])
            f.append(conc / rc * vol / A0_BQ * np.exp((L124 - L131) * t))
        tau, _ = mono_integral(lesion["times"][0], f[0], lesion["times"][1], f[1], False)
        doses.append(tau * 3600 * s_value(1.04 * vol) * 1e9)
    well = 1 + U["wellCounterCalibrationRelSd"] * z["well"]
    fb = [
        c * well * (1 + U["bloodSampleRelSd"] * z["blood"][i]) / A0_BQ * np.exp((L124 - L131) * t)
        for i, (t, c) in enumerate(zip(BLOOD["times"], BLOOD["conc"]))
    ]
    tau_blood, _ = mono_integral(BLOOD["times"][0], fb[0], BLOOD["times"][1], fb[1], True)
    n = [
        c * (1 + np.sqrt(1 / c + U["wholeBodyGeometryRelSd"] ** 2) * z["wb"][i])
        for i, c in enumerate(WB["counts"])
    ]
    t0, t1 = WB["times"]
    v1 = (n[1] * np.exp(L124 * t1)) / (n[0] * np.exp(L124 * t0)) * np.exp(-L131 * (t1 - t0))
    lam = np.log(1 / v1) / (t1 - t0)
    integral_from_t0 = (1 - v1) / lam + np.where(lam >= L131, v1 / lam, v1 / L131)
    tau_wb = (1 - np.exp(-L131 * t0)) / L131 + np.exp(-L131 * t0) * integral_from_t0
    r48 = np.exp(-L131 * t0) * np.exp(-lam * (48 - t0))
    weight = WEIGHT_KG * (1 + U["weightRelSd"] * z["weight"])
    blood_dose = 108 * tau_blood + 0.0188 / weight ** (2 / 3) * tau_wb
    mta = np.minimum(2 / blood_dose, 4.4 / r48)
    activity = np.minimum(7.4, mta)
    return doses, blood_dose, r48, mta, activity


def draws(n, rng):
    return {
        "cal": rng.standard_normal(n),
        "rc": rng.standard_normal((3, n)),
        "vol": rng.standard_normal((len(LESIONS), n)),
        "count": rng.standard_normal((len(LESIONS), 2, n)),
        "well": rng.standard_normal(n),
        "blood": rng.standard_normal((2, n)),
        "wb": rng.standard_normal((2, n)),
        "weight": rng.standard_normal(n),
    }


def main():
    rng = np.random.default_rng(SEED)
    zero = {k: np.zeros_like(v) for k, v in draws(1, rng).items()}
    d0, b0, r0, m0, a0 = simulate(zero)
    doses, blood_dose, r48, mta, activity = simulate(draws(N, rng))
    reach = [d * activity >= 20 for d in doses]
    eligible = np.any(np.array(reach), axis=0)
    clock = "2024-03-04T"
    def at(hours):
        day, hour = divmod(int(round(hours)), 24)
        return f"2024-03-{4 + day:02d}T{hour:02d}:00:00"
    manifest = {
        "iodose": 1,
        "patient": {"id": "ANALYTIC-U", "weightKg": WEIGHT_KG},
        "tracer": {"nuclide": "I-124", "activityMBq": A0_BQ / 1e6, "administeredAt": clock + "00:00:00"},
        "lesions": [{"id": l["id"], "volumeMl": l["volumeMl"]} for l in LESIONS],
        "measurements": {
            "lesions": [
                {"lesion": l["id"], "at": at(t), "meanConcBqPerMl": c}
                for l in LESIONS
                for t, c in zip(l["times"], l["conc"])
            ]
        },
        "blood": [{"at": at(t), "concBqPerMl": c} for t, c in zip(BLOOD["times"], BLOOD["conc"])],
        "wholeBody": [{"at": at(t), "netCounts": c} for t, c in zip(WB["times"], WB["counts"])],
        "settings": {"lesionKinetics": {"models": ["mono"]}, "bloodKinetics": {"models": ["mono"]},
                     "wholeBodyKinetics": {"models": ["mono"]}},
    }
    out = {
        "description": "scripts/reference-uncertainty.py: numpy Monte Carlo of the analytic patient",
        "samples": N,
        "seed": SEED,
        "manifest": manifest,
        "recovery": {**CURVE, "covariance": COV.tolist(), "rangeMl": [0.5, 26.5]},
        "nominal": {
            "lesionDoseGyPerGBq": [float(d[0]) for d in d0],
            "bloodDoseGyPerGBq": float(b0[0]),
            "wbRetention48hPercent": float(100 * r0[0]),
            "mtaGBq": float(m0[0]),
        },
        "monteCarlo": {
            "lesionDoseSdGyPerGBq": [float(np.std(d, ddof=1)) for d in doses],
            "probabilityReachesThreshold": [float(np.mean(r)) for r in reach],
            "probabilityEligible": float(np.mean(eligible)),
            "bloodDoseSdGyPerGBq": float(np.std(blood_dose, ddof=1)),
            "wbRetention48hSdPercent": float(100 * np.std(r48, ddof=1)),
            "mtaSdGBq": float(np.std(mta, ddof=1)),
        },
    }
    path = os.path.join(ROOT, "test", "fixtures", "uncertainty", "reference.json")
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w") as f:
        json.dump(out, f, indent=2)
        f.write("\n")
    print(json.dumps({k: out[k] for k in ("nominal", "monteCarlo")}, indent=2))


if __name__ == "__main__":
    main()
