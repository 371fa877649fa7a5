"""A NIfTI-1 file (parsed with numpy from the nifti1.h layout) against its DICOM series (pydicom),
independently of iodose. Usage: /usr/bin/python3 nifti-vs-dicom.py FILE.nii [DICOM_FOLDER]
stdin: JSON {"ijk": [[i, j, k], ...]}; stdout: JSON with the header fields, per ijk the NIfTI value
and its sform and qform world points (RAS mm), and, with a folder, the DICOM value (stored x Rescale
Slope + Intercept, slices sorted along the normal) and the DICOM LPS point (PS3.3 C.7.6.2.1.1);
plus the 99.5th percentile (numpy method "lower"), the sum of the NIfTI data, the sform rows and,
with {"nonzero": true}, the [i, j, k] of every non-zero voxel (numpy order: k, then j, then i);
the maximum, and with {"near": {"ras": [x, y, z], "radiusMm": r}} the maximum of the voxels whose
sform centre lies within r mm of that RAS point (null when none does)."""
import json
import os
import sys

import numpy as np
import pydicom

DTYPES = {2: np.uint8, 4: np.int16, 16: np.float32}


def nifti(path):
    raw = open(path, 'rb').read()
    h = lambda fmt, off, n=1: np.frombuffer(raw, dtype=fmt, count=n, offset=off)
    dim = h('<i2', 40, 8)
    datatype = int(h('<i2', 70)[0])
    pixdim = h('<f4', 76, 8)
    vox_offset = int(h('<f4', 108)[0])
    nx, ny, nz = (int(v) for v in dim[1:4])
    data = np.frombuffer(raw, dtype=np.dtype(DTYPES[datatype]).newbyteorder('<'), count=nx * ny * nz,
                         offset=vox_offset).reshape((nz, ny, nx))
    srow = np.vstack([h('<f4', 280, 4), h('<f4', 296, 4), h('<f4', 312, 4)]).astype(float)
    b, c, d = (float(v) for v in h('<f4', 256, 3))
    a = np.sqrt(max(0.0, 1.0 - (b * b + c * c + d * d)))
    rot = np.array([
        [a * a + b * b - c * c - d * d, 2 * (b * c - a * d), 2 * (b * d + a * c)],
        [2 * (b * c + a * d), a * a + c * c - b * b - d * d, 2 * (c * d - a * b)],
        [2 * (b * d - a * c), 2 * (c * d + a * b), a * a + d * d - c * c - b * b],
    ])
    qfac = -1.0 if pixdim[0] < 0 else 1.0
    scale = np.diag([pixdim[1], pixdim[2], pixdim[3] * qfac])
    qform = np.hstack([rot @ scale, np.array(h('<f4', 268, 3), dtype=float).reshape(3, 1)])
    header = {
        'sizeof_hdr': int(h('<i4', 0)[0]), 'magic': raw[344:348].decode('latin1'),
        'dim': [int(v) for v in dim], 'datatype': datatype, 'bitpix': int(h('<i2', 72)[0]),
        'pixdim': [float(v) for v in pixdim[1:4]], 'vox_offset': vox_offset,
        'scl_slope': float(h('<f4', 112)[0]), 'qform_code': int(h('<i2', 252)[0]),
        'sform_code': int(h('<i2', 254)[0]),
    }
    return header, data, srow, qform


def dicom(folder):
    slices = [pydicom.dcmread(os.path.join(folder, n)) for n in sorted(os.listdir(folder)) if not n.startswith('.')]
    iop = np.array([float(v) for v in slices[0].ImageOrientationPatient])
    row, col = iop[:3], iop[3:]
    normal = np.cross(row, col)
    slices.sort(key=lambda ds: float(np.dot(normal, [float(v) for v in ds.ImagePositionPatient])))
    first = np.array([float(v) for v in slices[0].ImagePositionPatient])
    last = np.array([float(v) for v in slices[-1].ImagePositionPatient])
    step = (last - first) / max(1, len(slices) - 1)
    rs, cs = (float(v) for v in slices[0].PixelSpacing)
    values = np.stack([ds.pixel_array.astype(float) * float(ds.RescaleSlope) + float(ds.RescaleIntercept)
                       for ds in slices])
    return values, lambda i, j, k: (first + i * cs * row + j * rs * col + k * step).tolist()


def main():
    header, data, srow, qform = nifti(sys.argv[1])
    query = json.load(sys.stdin)
    out = {'header': header, 'p995': float(np.percentile(data, 99.5, method='lower')),
           'sum': float(data.astype(float).sum()), 'srow': srow.tolist(), 'points': []}
    out['max'] = float(data.max())
    near = query.get('near')
    if near is not None:
        k, j, i = np.indices(data.shape)
        world = np.einsum('rc,cn->rn', srow, np.stack([i.ravel(), j.ravel(), k.ravel(), np.ones(i.size)]))
        d = np.linalg.norm(world - np.array(near['ras'], dtype=float).reshape(3, 1), axis=0)
        inside = data.ravel()[d <= near['radiusMm']]
        out['nearMax'] = float(inside.max()) if inside.size else None
    if query.get('nonzero'):
        out['nonzeroIjk'] = [[int(i), int(j), int(k)] for k, j, i in np.argwhere(data != 0)]
    ref = dicom(sys.argv[2]) if len(sys.argv) > 2 else None
    for i, j, k in query.get('ijk', []):
        p = {'value': float(data[k, j, i]), 'sformRas': (srow @ [i, j, k, 1.0]).tolist(),
             'qformRas': (qform @ [i, j, k, 1.0]).tolist()}
        if ref is not None:
            p['dicomValue'] = float(ref[0][k, j, i])
            p['dicomLps'] = ref[1](i, j, k)
        out['points'].append(p)
    print(json.dumps(out))


main()
