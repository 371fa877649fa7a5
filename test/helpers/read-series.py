"""Reads a DICOM series folder with pydicom, independently of iodose: prints a JSON summary on
stdout and writes the rescaled voxel values (stored x slope + intercept) as little-endian float32,
slices sorted by position along the slice normal, to the path given as the second argument.
Usage: /usr/bin/python3 read-series.py FOLDER OUT.f32"""
import json
import os
import sys

import numpy as np
import pydicom


def text(ds, keyword):
    value = ds.get(keyword)
    return None if value is None else str(value)


def main():
    folder, out_path = sys.argv[1], sys.argv[2]
    slices = [pydicom.dcmread(os.path.join(folder, name)) for name in sorted(os.listdir(folder))]
    first = slices[0]
    iop = [float(v) for v in first.ImageOrientationPatient]
    normal = np.cross(iop[:3], iop[3:])
    slices.sort(key=lambda ds: float(np.dot(normal, [float(v) for v in ds.ImagePositionPatient])))
    volume = np.stack(
        [ds.pixel_array.astype(np.float64) * float(ds.RescaleSlope) + float(ds.RescaleIntercept)
         for ds in slices]
    ).astype('<f4')
    volume.tofile(out_path)
    info = first.get('RadiopharmaceuticalInformationSequence')
    item = info[0] if info else None
    summary = {
        'count': len(slices),
        'transferSyntax': str(first.file_meta.TransferSyntaxUID),
        'sopClassUid': str(first.SOPClassUID),
        'modality': first.Modality,
        'rows': int(first.Rows),
        'columns': int(first.Columns),
        'pixelSpacing': [float(v) for v in first.PixelSpacing],
        'orientation': iop,
        'positions': [[float(v) for v in ds.ImagePositionPatient] for ds in slices],
        'instanceNumbers': [int(ds.InstanceNumber) for ds in slices],
        'sliceLocations': [float(ds.SliceLocation) for ds in slices],
        'slopes': [float(ds.RescaleSlope) for ds in slices],
        'intercepts': [float(ds.RescaleIntercept) for ds in slices],
        'sopInstanceUids': [str(ds.SOPInstanceUID) for ds in slices],
        'seriesInstanceUids': sorted({str(ds.SeriesInstanceUID) for ds in slices}),
        'frameOfReferenceUid': str(first.FrameOfReferenceUID),
        'studyInstanceUid': str(first.StudyInstanceUID),
        'patientId': str(first.PatientID),
        'patientWeight': text(first, 'PatientWeight'),
        'sliceThickness': float(first.SliceThickness),
        'units': text(first, 'Units'),
        'decayCorrection': text(first, 'DecayCorrection'),
        'decayFactor': text(first, 'DecayFactor'),
        'seriesDateTime': f"{first.SeriesDate}{first.SeriesTime}",
        'acquisitionDateTime': f"{first.AcquisitionDate}{first.AcquisitionTime}",
        'manufacturerModelName': text(first, 'ManufacturerModelName'),
        'reconstructionMethod': text(first, 'ReconstructionMethod'),
        'convolutionKernel': text(first, 'ConvolutionKernel'),
        'radionuclideHalfLifeS': None if item is None else float(item.RadionuclideHalfLife),
        'radionuclideTotalDoseBq': None if item is None else float(item.RadionuclideTotalDose),
        'radiopharmaceuticalStartDateTime': None if item is None else str(item.RadiopharmaceuticalStartDateTime),
        'radionuclideCode': None if item is None else str(item.RadionuclideCodeSequence[0].CodeValue),
    }
    print(json.dumps(summary))


main()
