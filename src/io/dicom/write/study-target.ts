/**
 * Patient (C.7.1.1), General Study (C.7.2.1) and Patient Study (C.7.2.2) attributes of a derived
 * object (SEG, RT Dose, SR, Encapsulated PDF) that joins an existing study: copied from its
 * source series as seg-source.ts reads them; absent Type 2 attributes are written empty. A study without DICOM
 * input gets a new Study Instance UID and only the Patient ID (newStudyTarget).
 */
import type { SegPatientStudy } from '../seg/seg-types.ts';
import type { NaturalDataset } from './write-file.ts';
import { newUid } from './write-uid.ts';

/** The study a derived object joins: its UID and the Patient / Study attributes to copy. */
export interface DicomStudyTarget {
  studyInstanceUid: string;
  /** DICOM-formatted Patient and General Study attributes (absent ones are written empty). */
  patientStudy: SegPatientStudy;
}

/** A new study for a patient with no DICOM study (Patient ID only; the date of `at`). */
export function newStudyTarget(
  patientId: string,
  studyDate: string,
  studyTime: string,
): DicomStudyTarget {
  return {
    studyInstanceUid: newUid(),
    patientStudy: {
      PatientID: patientId,
      StudyDate: studyDate,
      StudyTime: studyTime,
      StudyID: 'iodose',
    },
  };
}

/** The Patient, General Study and Patient Study attributes of `target`. */
export function patientStudyModules(target: DicomStudyTarget): NaturalDataset {
  const p = target.patientStudy;
  return {
    PatientName: p.PatientName ?? '',
    PatientID: p.PatientID ?? '',
    PatientBirthDate: p.PatientBirthDate ?? '',
    PatientSex: p.PatientSex ?? '',
    ...(p.PatientAge === undefined ? {} : { PatientAge: p.PatientAge }),
    ...(p.PatientSize === undefined ? {} : { PatientSize: p.PatientSize }),
    ...(p.PatientWeight === undefined ? {} : { PatientWeight: p.PatientWeight }),
    StudyInstanceUID: target.studyInstanceUid,
    StudyDate: p.StudyDate ?? '',
    StudyTime: p.StudyTime ?? '',
    ReferringPhysicianName: p.ReferringPhysicianName ?? '',
    StudyID: p.StudyID ?? '',
    AccessionNumber: p.AccessionNumber ?? '',
    ...(p.StudyDescription === undefined ? {} : { StudyDescription: p.StudyDescription }),
  };
}
