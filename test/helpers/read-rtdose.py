"""Reads an RT Dose file with pydicom and numpy, independently of iodose: the dose of every voxel
(pixel_array x Dose Grid Scaling) and its LPS centre from the standard's geometry alone
(PS3.3 C.7.6.2.1.1, C.8.8.3.2): centre(f, r, c) = IPP + c * PixelSpacing[1] * row direction
+ r * PixelSpacing[0] * column direction + GridFrameOffsetVector[f] * (row x column), where
GridFrameOffsetVector is relative to the first frame (its first value is 0). With a PET folder
as a third argument, also the LPS centres of the PET voxels (slices sorted along the normal) and
the largest distance between RT Dose voxel (f, r, c) and PET voxel (k = f, j = r, i = c).
Usage: /usr/bin/python3 read-rtdose.py RTDOSE.dcm OUT.f64 [PET_FOLDER]
OUT.f64 holds, as little-endian float64, for each voxel in frame, row, column order: x, y, z,
dose (Gy). stdout: a JSON summary."""
import json
import os
import sys

import numpy as np
import pydicom


def centres(ipp, iop, spacing, offsets, rows, cols):
    row, col = np.array(iop[:3]), np.array(iop[3:])
    normal = np.cross(row, col)
    normal /= np.linalg.norm(normal)
    f, r, c = np.meshgrid(np.arange(len(offsets)), np.arange(rows), np.arange(cols), indexing='ij')
    off = np.array(offsets)[f]
    return (np.array(ipp)[None, None, None, :]
            + (c * spacing[1])[..., None] * row
            + (r * spacing[0])[..., None] * col
            + off[..., None] * normal)


def pet_centres(folder):
    slices = [pydicom.dcmread(os.path.join(folder, n), stop_before_pixels=True)
              for n in os.listdir(folder)]
    iop = [float(v) for v in slices[0].ImageOrientationPatient]
    normal = np.cross(iop[:3], iop[3:])
    slices.sort(key=lambda d: float(np.dot(normal, [float(v) for v in d.ImagePositionPatient])))
    out = []
    for d in slices:
        ipp = [float(v) for v in d.ImagePositionPatient]
        sp = [float(v) for v in d.PixelSpacing]
        out.append(centres(ipp, iop, sp, [0.0], int(d.Rows), int(d.Columns))[0])
    return np.stack(out), slices[0]


def main():
    ds = pydicom.dcmread(sys.argv[1])
    iop = [float(v) for v in ds.ImageOrientationPatient]
    ipp = [float(v) for v in ds.ImagePositionPatient]
    spacing = [float(v) for v in ds.PixelSpacing]
    offsets = [float(v) for v in ds.GridFrameOffsetVector]
    frames = int(ds.NumberOfFrames)
    scaling = float(ds.DoseGridScaling)
    pixels = ds.pixel_array.reshape(frames, int(ds.Rows), int(ds.Columns)).astype(np.float64)
    dose = pixels * scaling
    xyz = centres(ipp, iop, spacing, offsets, int(ds.Rows), int(ds.Columns))
    np.concatenate([xyz, dose[..., None]], axis=-1).astype('<f8').tofile(sys.argv[2])
    fip = ds.FrameIncrementPointer
    summary = {
        'sopClassUid': str(ds.SOPClassUID),
        'modality': ds.Modality,
        'transferSyntax': str(ds.file_meta.TransferSyntaxUID),
        'frames': frames, 'rows': int(ds.Rows), 'columns': int(ds.Columns),
        'bits': [int(ds.BitsAllocated), int(ds.BitsStored), int(ds.HighBit),
                 int(ds.PixelRepresentation)],
        'doseUnits': ds.DoseUnits, 'doseType': ds.DoseType,
        'doseSummationType': ds.DoseSummationType, 'doseGridScaling': scaling,
        'frameIncrementPointer': '%08X' % int(fip),
        'gridFrameOffsetVector': offsets, 'sliceThickness': float(ds.SliceThickness),
        'frameOfReferenceUid': ds.FrameOfReferenceUID, 'studyInstanceUid': ds.StudyInstanceUID,
        'patientId': ds.PatientID, 'patientName': str(ds.PatientName),
        'seriesDescription': ds.SeriesDescription, 'manufacturer': ds.Manufacturer,
        'softwareVersions': str(ds.SoftwareVersions),
        'referencedImages': [x.ReferencedSOPInstanceUID
                             for x in ds.get('ReferencedImageSequence', [])],
    }
    if len(sys.argv) > 3:
        pet, first = pet_centres(sys.argv[3])
        summary['petShape'] = list(pet.shape[:3])
        summary['petFrameOfReferenceUid'] = first.FrameOfReferenceUID
        summary['petSopInstanceUids'] = sorted(
            pydicom.dcmread(os.path.join(sys.argv[3], n), stop_before_pixels=True).SOPInstanceUID
            for n in os.listdir(sys.argv[3]))
        if pet.shape == xyz.shape:
            summary['maxDistanceToPetMm'] = float(np.abs(pet - xyz).max())
    print(json.dumps(summary))


main()
