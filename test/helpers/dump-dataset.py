"""Dump a DICOM file's data set as JSON with pydicom (an independent reader of the same bytes):
{keyword: {"vr": VR, "value": [values]}} for every public element but Pixel Data and the File
Meta group; sequences as lists of such objects; person names as strings, numbers as numbers.
Usage: dump-dataset.py FILE"""
import json
import sys

import pydicom
from pydicom.multival import MultiValue
from pydicom.valuerep import PersonName

BINARY = {"OB", "OW", "OF", "OD", "OL", "OV", "UN"}
NUMERIC = {"DS", "IS", "US", "SS", "UL", "SL", "FL", "FD"}


def one(vr, x):
    if isinstance(x, PersonName):
        return str(x)
    if vr in NUMERIC:
        return float(x)
    return str(x)


def element(e):
    if e.VR == "SQ":
        return [dataset(item) for item in e.value]
    v = e.value
    if v is None or v == "":
        return []
    if isinstance(v, (list, MultiValue)):
        return [one(e.VR, x) for x in v]
    return [one(e.VR, v)]


def dataset(ds):
    out = {}
    for e in ds:
        if e.tag.is_private or e.tag.group == 2 or e.tag == 0x7FE00010 or not e.keyword:
            continue
        if e.VR in BINARY:
            continue
        out[e.keyword] = {"vr": e.VR, "value": element(e)}
    return out


print(json.dumps(dataset(pydicom.dcmread(sys.argv[1]))))
