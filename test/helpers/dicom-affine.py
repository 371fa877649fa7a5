"""Voxel index <-> patient LPS for a DICOM series folder, with pydicom and numpy, independently of
iodose: slices sorted along the normal row x column of Image Orientation (Patient); voxel (i, j, k)
= column i, row j, slice k (zero-based); LPS = IPP(slice 0) + i * PixelSpacing[1] * row direction
+ j * PixelSpacing[0] * column direction + k * (IPP(last) - IPP(0)) / (n - 1) (PS3.3 C.7.6.2.1.1).
Usage: /usr/bin/python3 dicom-affine.py FOLDER  (stdin: JSON {"ijk": [[i,j,k],...], "lps": [[x,y,z],...]};
stdout: JSON {"lps": [...], "ijk": [...]}: LPS of each given ijk and continuous ijk of each given lps)"""
import json
import os
import sys

import numpy as np
import pydicom


def main():
    folder = sys.argv[1]
    slices = [pydicom.dcmread(os.path.join(folder, n), stop_before_pixels=True) for n in os.listdir(folder)]
    iop = np.array([float(v) for v in slices[0].ImageOrientationPatient])
    row, col = iop[:3], iop[3:]
    normal = np.cross(row, col)
    slices.sort(key=lambda ds: float(np.dot(normal, [float(v) for v in ds.ImagePositionPatient])))
    first = np.array([float(v) for v in slices[0].ImagePositionPatient])
    last = np.array([float(v) for v in slices[-1].ImagePositionPatient])
    step = (last - first) / (len(slices) - 1)
    row_spacing, col_spacing = (float(v) for v in slices[0].PixelSpacing)
    affine = np.eye(4)
    affine[:3, 0] = row * col_spacing
    affine[:3, 1] = col * row_spacing
    affine[:3, 2] = step
    affine[:3, 3] = first
    query = json.load(sys.stdin)
    to_lps = [(affine @ np.array([*p, 1.0]))[:3].tolist() for p in query.get('ijk', [])]
    inverse = np.linalg.inv(affine)
    to_ijk = [(inverse @ np.array([*p, 1.0]))[:3].tolist() for p in query.get('lps', [])]
    print(json.dumps({'lps': to_lps, 'ijk': to_ijk}))


main()
