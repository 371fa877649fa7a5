#!/usr/bin/python3
"""Write DICOM test series with pydicom (a tool other than dcmjs) for test/io/dicom.

Usage: /usr/bin/python3 scripts/make-dicom-fixtures.py OUTDIR

OUTDIR/classic/   classic PET Image Storage, implicit VR little endian, 8 x 6 x 5, shuffled
                  file names and Instance Numbers, per-slice Rescale Slope 0.5 + 0.1 k,
                  BQML, Decay Correction START.
OUTDIR/enhanced/  one Enhanced PET Image Storage file (1.2.840.10008.5.1.4.1.1.130), explicit VR
                  little endian, 5 frames stored in shuffled z order with Per-frame Plane
                  Position and Pixel Value Transformation (slope 0.5 + 0.1 k), Shared Plane
                  Orientation and Pixel Measures; units via Real World Value Mapping (Bq/ml),
                  Decay Corrected YES to the administration time.
Stored value of voxel (i, j, k) = 100 k + 10 j + i, k in position order along the normal.
"""
import os
import sys

import numpy as np
from pydicom.dataset import Dataset, FileMetaDataset
from pydicom.sequence import Sequence
from pydicom.uid import ExplicitVRLittleEndian, ImplicitVRLittleEndian

COLS, ROWS, SLICES = 8, 6, 5
ORDER = [3, 0, 4, 1, 2]  # storage order of slices
ROOT = "1.2.826.0.1.3680043.9.7433.40"
HALF_LIFE_S = 4.176 * 24 * 3600  # I-124, ICRP-107


def pixels(k):
    j, i = np.mgrid[0:ROWS, 0:COLS]
    return (100 * k + 10 * j + i).astype(np.uint16)


def base(sop_class, uid, ts):
    meta = FileMetaDataset()
    meta.MediaStorageSOPClassUID = sop_class
    meta.MediaStorageSOPInstanceUID = uid
    meta.TransferSyntaxUID = ts
    ds = Dataset()
    ds.file_meta = meta
    ds.is_little_endian = True
    ds.is_implicit_VR = ts == ImplicitVRLittleEndian
    ds.SOPClassUID = sop_class
    ds.SOPInstanceUID = uid
    ds.StudyInstanceUID = ROOT + ".1"
    ds.FrameOfReferenceUID = ROOT + ".2"
    ds.Modality = "PT"
    ds.PatientID = "PYDICOM01"
    ds.SeriesDate = "20240305"
    ds.SeriesTime = "090000"
    ds.Manufacturer = "pydicom"
    ds.SamplesPerPixel = 1
    ds.PhotometricInterpretation = "MONOCHROME2"
    ds.Rows = ROWS
    ds.Columns = COLS
    ds.BitsAllocated = 16
    ds.BitsStored = 16
    ds.HighBit = 15
    ds.PixelRepresentation = 0
    radio = Dataset()
    radio.RadiopharmaceuticalStartDateTime = "20240304091500"
    radio.RadionuclideHalfLife = str(HALF_LIFE_S)
    radio.RadionuclideTotalDose = "37000000"
    ds.RadiopharmaceuticalInformationSequence = Sequence([radio])
    return ds


def classic(out):
    os.makedirs(out, exist_ok=True)
    for n, k in enumerate(ORDER):
        uid = f"{ROOT}.10.{k + 1}"
        ds = base("1.2.840.10008.5.1.4.1.1.128", uid, ImplicitVRLittleEndian)
        ds.SeriesInstanceUID = ROOT + ".10"
        ds.SeriesDescription = "pydicom classic PET"
        ds.InstanceNumber = n + 1
        ds.AcquisitionDate = "20240305"
        ds.AcquisitionTime = "090000"
        ds.ImagePositionPatient = [-14.0, -10.0, 50.0 + 4.0 * k]
        ds.ImageOrientationPatient = [1, 0, 0, 0, 1, 0]
        ds.PixelSpacing = [4.0, 4.0]
        ds.SliceThickness = "4"
        ds.Units = "BQML"
        ds.DecayCorrection = "START"
        ds.CorrectedImage = ["ATTN", "DECY"]
        ds.RescaleSlope = f"{0.5 + 0.1 * k:.1f}"
        ds.RescaleIntercept = "0"
        ds.PixelData = pixels(k).tobytes()
        ds.save_as(os.path.join(out, f"x{(k * 37) % 11:02d}.dcm"), write_like_original=False)


def enhanced(out):
    os.makedirs(out, exist_ok=True)
    ds = base("1.2.840.10008.5.1.4.1.1.130", ROOT + ".20.1", ExplicitVRLittleEndian)
    ds.SeriesInstanceUID = ROOT + ".20"
    ds.SeriesDescription = "pydicom enhanced PET"
    ds.InstanceNumber = 1
    ds.AcquisitionDateTime = "20240305090000"
    ds.ContentDate = "20240305"
    ds.ContentTime = "093000"
    ds.NumberOfFrames = SLICES
    ds.DecayCorrected = "YES"
    ds.DecayCorrectionDateTime = "20240304091500"
    units = Dataset()
    units.CodeValue = "Bq/ml"
    units.CodingSchemeDesignator = "UCUM"
    units.CodeMeaning = "Becquerels/milliliter"
    mapping = Dataset()
    mapping.MeasurementUnitsCodeSequence = Sequence([units])
    mapping.RealWorldValueSlope = 1.0
    mapping.RealWorldValueIntercept = 0.0
    ds.RealWorldValueMappingSequence = Sequence([mapping])
    shared = Dataset()
    orientation = Dataset()
    orientation.ImageOrientationPatient = [1, 0, 0, 0, 1, 0]
    shared.PlaneOrientationSequence = Sequence([orientation])
    measures = Dataset()
    measures.PixelSpacing = [4.0, 4.0]
    measures.SliceThickness = "4"
    shared.PixelMeasuresSequence = Sequence([measures])
    ds.SharedFunctionalGroupsSequence = Sequence([shared])
    frames = []
    for k in ORDER:
        fg = Dataset()
        position = Dataset()
        position.ImagePositionPatient = [-14.0, -10.0, 50.0 + 4.0 * k]
        fg.PlanePositionSequence = Sequence([position])
        transform = Dataset()
        transform.RescaleSlope = f"{0.5 + 0.1 * k:.1f}"
        transform.RescaleIntercept = "0"
        transform.RescaleType = "BQML"
        fg.PixelValueTransformationSequence = Sequence([transform])
        content = Dataset()
        content.FrameAcquisitionDateTime = "20240305090000"
        fg.FrameContentSequence = Sequence([content])
        frames.append(fg)
    ds.PerFrameFunctionalGroupsSequence = Sequence(frames)
    ds.PixelData = np.concatenate([pixels(k).ravel() for k in ORDER]).tobytes()
    ds.save_as(os.path.join(out, "enhanced-pet.dcm"), write_like_original=False)


if __name__ == "__main__":
    target = sys.argv[1]
    classic(os.path.join(target, "classic"))
    enhanced(os.path.join(target, "enhanced"))
