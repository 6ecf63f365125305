#!/usr/bin/env python3
"""A minimal XFS4IoT client for the Doorstep local API: Python 3 standard library only.

Speaks RFC 6455 WebSocket over a plain socket (loopback only) and the XFS4IoT message layout
(CEN/TS 17852): command -> acknowledge -> events -> completion. See docs/local-api.md.

    python3 doorstep_xfs.py --token-file /var/lib/doorstep/kiosk-001/xfs4iot.token services
    python3 doorstep_xfs.py --token-file ... status cardreader
    python3 doorstep_xfs.py --token-file ... read --timeout 30000
    python3 doorstep_xfs.py --token-file ... print --record-id R1 --outcome CERTIFIED --id-number ... --name ...
    python3 doorstep_xfs.py --token-file ... catalog
    python3 doorstep_xfs.py --token-file ... face
    python3 doorstep_xfs.py --token-file ... start --service certification --timeout 120000
"""
import argparse
import base64
import json
import os
import socket
import struct
import sys
from urllib.parse import urlparse

DEFAULT_URI = "ws://127.0.0.1:5846/xfs4iot/v1.0"


class WebSocket:
    """Just enough of RFC 6455 for text messages: client frames masked, server frames unmasked."""

    def __init__(self, uri, token, timeout=60.0):
        u = urlparse(uri)
        if u.scheme != "ws":
            raise ValueError("only ws:// (the local API is loopback only)")
        self.sock = socket.create_connection((u.hostname, u.port or 80), timeout=timeout)
        key = base64.b64encode(os.urandom(16)).decode()
        request = (f"GET {u.path or '/'} HTTP/1.1\r\nHost: {u.hostname}:{u.port}\r\nUpgrade: websocket\r\n"
                   f"Connection: Upgrade\r\nSec-WebSocket-Key: {key}\r\nSec-WebSocket-Version: 13\r\n"
                   f"Authorization: Bearer {token}\r\n\r\n")
        self.sock.sendall(request.encode())
        head = b""
        while b"\r\n\r\n" not in head:
            chunk = self.sock.recv(1)
            if not chunk:
                raise ConnectionError("connection closed during the handshake")
            head += chunk
        status = head.split(b"\r\n", 1)[0].decode()
        if " 101 " not in status + " ":
            raise ConnectionError(f"upgrade refused: {status} (401: wrong token, 403: not loopback, 404: no such service)")

    def send(self, text):
        data = text.encode("utf-8")
        header = bytes([0x81])                           # FIN + text
        n = len(data)
        if n < 126:
            header += bytes([0x80 | n])
        elif n < 65536:
            header += bytes([0x80 | 126]) + struct.pack("!H", n)
        else:
            header += bytes([0x80 | 127]) + struct.pack("!Q", n)
        mask = os.urandom(4)
        self.sock.sendall(header + mask + bytes(b ^ mask[i % 4] for i, b in enumerate(data)))

    def _exact(self, n):
        buf = b""
        while len(buf) < n:
            chunk = self.sock.recv(n - len(buf))
            if not chunk:
                raise ConnectionError("connection closed")
            buf += chunk
        return buf

    def receive(self):
        """The next text message (continuation frames joined; pings answered)."""
        message = b""
        while True:
            b0, b1 = self._exact(2)
            opcode, n = b0 & 0x0F, b1 & 0x7F
            if n == 126:
                n = struct.unpack("!H", self._exact(2))[0]
            elif n == 127:
                n = struct.unpack("!Q", self._exact(8))[0]
            payload = self._exact(n)
            if opcode == 0x8:
                raise ConnectionError("the server closed the connection")
            if opcode == 0x9:                            # ping -> pong
                self.sock.sendall(bytes([0x8A, 0x80 | len(payload)]) + b"\0\0\0\0" + payload)
                continue
            if opcode in (0x1, 0x0):
                message += payload
                if b0 & 0x80:
                    return message.decode("utf-8")

    def close(self):
        try:
            self.sock.sendall(bytes([0x88, 0x80]) + os.urandom(4))
        finally:
            self.sock.close()


class Service:
    """One XFS4IoT service connection with request ids of its own."""

    def __init__(self, uri, token):
        self.ws = WebSocket(uri, token)
        self.next_id = 1

    def call(self, name, payload=None, on_event=print):
        """Sends a command; returns its completion message. Events and unsolicited events go to on_event."""
        request_id = self.next_id
        self.next_id += 1
        self.ws.send(json.dumps({"header": {"type": "command", "name": name, "requestId": request_id,
                                            "version": "1.0"}, "payload": payload or {}}))
        while True:
            msg = json.loads(self.ws.receive())
            header = msg["header"]
            if header["type"] == "acknowledge" and header["requestId"] == request_id:
                if msg["payload"].get("status") is not None:
                    raise RuntimeError(f"{name} refused: {msg['payload']['status']}: "
                                       f"{msg['payload'].get('errorDescription')}")
            elif header["type"] == "completion" and header["requestId"] == request_id:
                return msg
            else:
                on_event(msg)

    def close(self):
        self.ws.close()


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--uri", default=DEFAULT_URI, help="the service publisher (the agent prints it at start)")
    p.add_argument("--token-file", required=True, help="the file with the bearer token (the agent prints its path)")
    sub = p.add_subparsers(dest="command", required=True)
    sub.add_parser("services", help="ServicePublisher.GetServices")
    st = sub.add_parser("status", help="Common.Status of a service")
    st.add_argument("service", choices=["cardreader", "printer", "doorstep", "biometric"])
    rd = sub.add_parser("read", help="CardReader.ReadRawData: wait for an ID card and read it")
    rd.add_argument("--timeout", type=int, default=30000, help="ms to wait for a card (0: for ever)")
    pr = sub.add_parser("print", help="Printer.PrintForm certificationResult")
    pr.add_argument("--record-id", required=True)
    pr.add_argument("--outcome", default="CERTIFIED")
    pr.add_argument("--id-number", required=True)
    pr.add_argument("--name", required=True)
    sub.add_parser("catalog", help="Doorstep.GetCatalog: the terminal's services")
    sub.add_parser("face", help="Biometric.Read: a liveness check of the person at the camera")
    sv = sub.add_parser("start", help="Doorstep.StartService: the next resident runs a service on the kiosk screen")
    sv.add_argument("--service", default="certification")
    sv.add_argument("--timeout", type=int, default=120000, help="ms to wait for a card (0: for ever)")
    args = p.parse_args()

    with open(args.token_file, encoding="utf-8") as f:
        token = f.read().strip()
    publisher = Service(args.uri, token)
    services = publisher.call("ServicePublisher.GetServices")["payload"]["services"]
    publisher.close()
    uris = {s["serviceURI"].rsplit("/", 1)[-1]: s["serviceURI"] for s in services}
    if args.command == "services":
        print(json.dumps(services, indent=2))
        return 0
    name = {"status": getattr(args, "service", None), "read": "cardreader", "print": "printer",
            "catalog": "doorstep", "start": "doorstep", "face": "biometric"}[args.command]
    service = Service(uris[name], token)
    try:
        if args.command == "status":
            done = service.call("Common.Status")
        elif args.command == "read":
            print("lay the ID card on the reader ...", file=sys.stderr)
            done = service.call("CardReader.ReadRawData", {"timeout": args.timeout, "chip": True})
        elif args.command == "face":
            done = service.call("Biometric.Read", {"mode": "scan"},
                                on_event=lambda m: print(f"[{m['header']['name']}] {m['payload'].get('zh', '')}",
                                                         file=sys.stderr))
        elif args.command == "catalog":
            done = service.call("Doorstep.GetCatalog")
        elif args.command == "start":
            print(f"the next resident who places a card runs {args.service} ...", file=sys.stderr)
            done = service.call("Doorstep.StartService", {"service": args.service, "timeout": args.timeout},
                                on_event=lambda m: print(f"[{m['header']['name']}] {m['payload'].get('zh', '')}"
                                                         f" / {m['payload'].get('en', '')}", file=sys.stderr))
        else:
            done = service.call("Printer.PrintForm", {"formName": "certificationResult", "fields": {
                "recordId": args.record_id, "outcome": args.outcome, "idNumber": args.id_number, "name": args.name}})
    finally:
        service.close()
    print(json.dumps(done["payload"], indent=2, ensure_ascii=False))
    return 0 if done["payload"]["completionCode"] == "success" else 1


if __name__ == "__main__":
    sys.exit(main())
