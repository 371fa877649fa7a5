"""Reads an iodose TID 1500 SR with pydicom (independent of iodose's writer) and prints JSON:
identity, evidence, and per measurement group its tracking identifier, time point, referenced
segment, measurements (code, unit, DS and FD values, the 1-sd uncertainty) and evaluations; the
root's qualitative evaluations. Also, for an Encapsulated PDF, its MIME type and document bytes
(hex SHA-256 and length)."""
import hashlib
import json
import sys

import pydicom


def code(seq):
    item = seq[0]
    return {"value": item.CodeValue, "scheme": item.CodingSchemeDesignator, "meaning": item.CodeMeaning}


def num(item):
    mv = item.MeasuredValueSequence[0]
    out = {
        "concept": code(item.ConceptNameCodeSequence),
        "unit": code(mv.MeasurementUnitsCodeSequence),
        "ds": str(mv.NumericValue.original_string if hasattr(mv.NumericValue, "original_string") else mv.NumericValue),
        "value": float(mv.FloatingPointValue),
    }
    for child in getattr(item, "ContentSequence", []):
        name = code(child.ConceptNameCodeSequence)
        if child.ValueType == "CODE" and name["value"] == "121401":
            out["derivation"] = code(child.ConceptCodeSequence)
        if child.ValueType == "NUM" and name["value"] == "371884006":
            sd = child.MeasuredValueSequence[0]
            kinds = [code(c.ConceptCodeSequence)["meaning"] for c in child.ContentSequence]
            out["sigma"] = float(sd.FloatingPointValue)
            out["sigmaKind"] = kinds
    return out


def evaluation(item):
    concept = code(item.ConceptNameCodeSequence)
    if item.ValueType == "CODE":
        return {"concept": concept, "code": code(item.ConceptCodeSequence)}
    return {"concept": concept, "text": item.TextValue}


def group(container):
    g = {"template": container.ContentTemplateSequence[0].TemplateIdentifier, "measurements": [], "evaluations": []}
    for item in container.ContentSequence:
        name = code(item.ConceptNameCodeSequence)["meaning"]
        if name == "Tracking Identifier":
            g["trackingId"] = item.TextValue
        elif name == "Tracking Unique Identifier":
            g["trackingUid"] = item.UID
        elif name == "Time Point":
            g["timePoint"] = item.TextValue
        elif name == "Finding":
            g["finding"] = code(item.ConceptCodeSequence)
        elif name == "Referenced Segment":
            ref = item.ReferencedSOPSequence[0]
            g["segment"] = {"sopInstanceUid": ref.ReferencedSOPInstanceUID, "sopClassUid": ref.ReferencedSOPClassUID, "segmentNumber": int(ref.ReferencedSegmentNumber)}
        elif name == "Source series for segmentation":
            g["sourceSeries"] = item.UID
        elif item.ValueType == "NUM":
            g["measurements"].append(num(item))
        else:
            g["evaluations"].append(evaluation(item))
    return g


def main(path):
    ds = pydicom.dcmread(path)
    out = {
        "sopClassUid": ds.SOPClassUID,
        "modality": ds.Modality,
        "studyInstanceUid": ds.StudyInstanceUID,
        "seriesInstanceUid": ds.SeriesInstanceUID,
        "patientId": ds.PatientID,
    }
    if ds.Modality == "DOC":
        doc = bytes(ds.EncapsulatedDocument)[: int(ds.EncapsulatedDocumentLength)]
        out.update({"mime": ds.MIMETypeOfEncapsulatedDocument, "length": len(doc), "sha256": hashlib.sha256(doc).hexdigest()})
        print(json.dumps(out))
        return
    out["template"] = ds.ContentTemplateSequence[0].TemplateIdentifier
    out["evidence"] = [
        {"study": s.StudyInstanceUID, "series": r.SeriesInstanceUID, "sops": [x.ReferencedSOPInstanceUID for x in r.ReferencedSOPSequence]}
        for s in getattr(ds, "CurrentRequestedProcedureEvidenceSequence", [])
        for r in s.ReferencedSeriesSequence
    ]
    out["groups"] = []
    out["evaluations"] = []
    for item in ds.ContentSequence:
        name = code(item.ConceptNameCodeSequence)["meaning"]
        if name == "Imaging Measurements":
            out["groups"] = [group(g) for g in item.ContentSequence]
        elif name == "Qualitative Evaluations":
            out["evaluations"] = [evaluation(e) for e in item.ContentSequence]
    print(json.dumps(out))


main(sys.argv[1])
