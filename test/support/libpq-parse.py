#!/usr/bin/env python3
"""Parses connection strings with the real libpq (PQconninfoParse, via ctypes): no connection made.

Reads one JSON string per line on stdin; writes one JSON line per input: {"ok": true, "params":
{keyword: value, ...}} with only the keywords the string set, or {"ok": false, "error": "..."}.
"""
import ctypes
import ctypes.util
import json
import sys


class PQconninfoOption(ctypes.Structure):
    _fields_ = [
        ("keyword", ctypes.c_char_p),
        ("envvar", ctypes.c_char_p),
        ("compiled", ctypes.c_char_p),
        ("val", ctypes.c_char_p),
        ("label", ctypes.c_char_p),
        ("dispchar", ctypes.c_char_p),
        ("dispsize", ctypes.c_int),
    ]


libpq = ctypes.CDLL(ctypes.util.find_library("pq") or "libpq.so.5")
libpq.PQconninfoParse.restype = ctypes.POINTER(PQconninfoOption)
libpq.PQconninfoParse.argtypes = [ctypes.c_char_p, ctypes.POINTER(ctypes.c_void_p)]
libpq.PQconninfoFree.argtypes = [ctypes.POINTER(PQconninfoOption)]
libpq.PQfreemem.argtypes = [ctypes.c_void_p]


def parse(conninfo: str) -> dict:
    errmsg = ctypes.c_void_p()
    opts = libpq.PQconninfoParse(conninfo.encode("utf-8"), ctypes.byref(errmsg))
    if not opts:
        message = ctypes.cast(errmsg, ctypes.c_char_p).value if errmsg else b"out of memory"
        if errmsg:
            libpq.PQfreemem(errmsg)
        return {"ok": False, "error": (message or b"").decode("utf-8", "replace").strip()}
    params = {}
    i = 0
    while opts[i].keyword:
        if opts[i].val is not None:
            params[opts[i].keyword.decode()] = opts[i].val.decode("utf-8", "surrogateescape")
        i += 1
    libpq.PQconninfoFree(opts)
    return {"ok": True, "params": params}


for line in sys.stdin:
    if line.strip():
        print(json.dumps(parse(json.loads(line))), flush=True)
