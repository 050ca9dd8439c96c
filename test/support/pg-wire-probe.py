#!/usr/bin/env python3
"""A fake PostgreSQL server on 127.0.0.1 that records what a real client sends, then refuses it.

It answers SSLRequest/GSSENCRequest with "N" (no TLS), records the startup parameters (user,
database, ...), asks for a cleartext password, records it, and ends with an authentication error.
Nothing is stored; no connection leaves loopback.

Reads one JSON job per line on stdin; writes one JSON line per job:
  {"client": "odbc", "connstr": "..."}                  SQLDriverConnect through unixODBC (ctypes)
  {"client": "exec", "argv": [...], "env": {...}}       runs a program (e.g. psql) with that env
Either may add "files": {path: text}, written (mode 0600) before the client runs.
Every "{PORT}" in connstr, argv, env values and file texts is replaced by the listener's port. The answer is
{"connections": [{"ssl_request": bool, "startup": {...}, "password": str | null}, ...],
 "client": {"ok": bool, "message": str}}.
"""
import ctypes
import json
import os
import socket
import struct
import subprocess
import sys
import threading


def serve(listener, connections, stop):
    listener.settimeout(0.02)
    while not stop.is_set():
        try:
            conn, _ = listener.accept()
        except socket.timeout:
            continue
        record = {"ssl_request": False, "startup": None, "password": None}
        connections.append(record)
        try:
            handle(conn, record)
        except Exception as e:  # the client may hang up at any point
            record["error"] = repr(e)
        finally:
            conn.close()


def handle(conn, record):
    conn.settimeout(5)

    def recvn(n):
        data = b""
        while len(data) < n:
            chunk = conn.recv(n - len(data))
            if not chunk:
                raise EOFError("client closed")
            data += chunk
        return data

    while True:
        length = struct.unpack("!I", recvn(4))[0]
        body = recvn(length - 4)
        code = struct.unpack("!I", body[:4])[0]
        if code in (80877103, 80877104):  # SSLRequest, GSSENCRequest
            record["ssl_request"] = record["ssl_request"] or code == 80877103
            conn.sendall(b"N")
            continue
        parts = body[4:].split(b"\0")
        record["startup"] = {
            parts[i].decode("utf-8", "surrogateescape"): parts[i + 1].decode("utf-8", "surrogateescape")
            for i in range(0, len(parts) - 1, 2)
            if parts[i]
        }
        break
    conn.sendall(b"R" + struct.pack("!II", 8, 3))  # AuthenticationCleartextPassword
    kind = recvn(1)
    length = struct.unpack("!I", recvn(4))[0]
    body = recvn(length - 4)
    if kind == b"p":
        record["password"] = body[:-1].decode("utf-8", "surrogateescape")
    message = b"SFATAL\0C28P01\0Mprobe: password recorded\0\0"
    conn.sendall(b"E" + struct.pack("!I", len(message) + 4) + message)


def run_odbc(connstr):
    odbc = ctypes.CDLL("libodbc.so.2")
    env, dbc = ctypes.c_void_p(), ctypes.c_void_p()
    odbc.SQLAllocHandle(1, None, ctypes.byref(env))
    odbc.SQLSetEnvAttr(env, 200, ctypes.c_void_p(3), 0)  # SQL_ATTR_ODBC_VERSION = 3
    odbc.SQLAllocHandle(2, env, ctypes.byref(dbc))
    raw = connstr.encode("utf-8")
    out, outlen = ctypes.create_string_buffer(4096), ctypes.c_short()
    rc = odbc.SQLDriverConnect(dbc, None, raw, len(raw), out, 4096, ctypes.byref(outlen), 0)
    state, native, msg, msglen = ctypes.create_string_buffer(6), ctypes.c_int(), ctypes.create_string_buffer(2048), ctypes.c_short()
    odbc.SQLGetDiagRec(2, dbc, 1, state, ctypes.byref(native), msg, 2048, ctypes.byref(msglen))
    odbc.SQLFreeHandle(2, dbc)
    odbc.SQLFreeHandle(1, env)
    return {"ok": rc in (0, 1), "message": msg.value.decode("utf-8", "replace")}


def run_exec(argv, env):
    proc = subprocess.run(argv, env=env, capture_output=True, timeout=20)
    return {"ok": proc.returncode == 0, "message": (proc.stdout + proc.stderr).decode("utf-8", "replace")}


def main():
    for line in sys.stdin:
        if not line.strip():
            continue
        job = json.loads(line)
        listener = socket.socket()
        listener.bind(("127.0.0.1", 0))
        listener.listen(4)
        port = str(listener.getsockname()[1])
        connections, stop = [], threading.Event()
        thread = threading.Thread(target=serve, args=(listener, connections, stop), daemon=True)
        thread.start()
        try:
            for path, text in job.get("files", {}).items():
                fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
                with os.fdopen(fd, "w", encoding="utf-8") as f:
                    f.write(text.replace("{PORT}", port))
            if job["client"] == "odbc":
                client = run_odbc(job["connstr"].replace("{PORT}", port))
            else:
                env = {k: v.replace("{PORT}", port) for k, v in job.get("env", {}).items()}
                client = run_exec([a.replace("{PORT}", port) for a in job["argv"]], env)
        except Exception as e:
            client = {"ok": False, "message": repr(e)}
        stop.set()
        thread.join()
        listener.close()
        print(json.dumps({"connections": connections, "client": client}), flush=True)


main()
