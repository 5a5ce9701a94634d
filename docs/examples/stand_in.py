#!/usr/bin/env python3
"""A stand-in for a shop's callback endpoints, for the README walkthroughs.

Prints every callback it receives and answers what each protocol's manual
asks the shop to answer: PayApp feedback `SUCCESS` (manual 001), InnoPay
notification `0000` (manual 002 §4.2), iPay `<IpayResponse>` anything with
status 200 (manual 000 §3.1.6). Listens on 127.0.0.1:9000 (or argv[1]).
"""
import http.server
import sys

ANSWERS = {"/feedback": b"SUCCESS", "/noti": b"0000"}


class Handler(http.server.BaseHTTPRequestHandler):
    def do_POST(self):
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length).decode("utf-8", "replace")
        print(f"--- {self.path}\n{body}", flush=True)
        self.send_response(200)
        self.end_headers()
        self.wfile.write(ANSWERS.get(self.path, b"OK"))

    def do_GET(self):
        self.send_response(200)
        self.end_headers()
        self.wfile.write(b"shop page")

    def log_message(self, *args):
        pass


port = int(sys.argv[1]) if len(sys.argv) > 1 else 9000
http.server.HTTPServer(("127.0.0.1", port), Handler).serve_forever()
