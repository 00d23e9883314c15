#!/usr/bin/env python3
"""A Gemini Live client written from Google's raw-WebSocket guide: the Python reference.

It follows "Get started with Gemini Live API using WebSockets"
(ai.google.dev/gemini-api/docs/live-api/get-started-websocket), its Python examples: "Connecting
to the Live API" (open the socket, send the session configuration as the first message, wait
for setupComplete), then sending audio as realtimeInput.audio (base64 16-bit PCM,
audio/pcm;rate=16000) and reading the model's audio from serverContent.modelTurn.parts[].inlineData,
with asyncio and the websockets package, one task sending while another receives.

What changed from the guide, and why:
- The first message is {"setup": {...}} with responseModalities under generationConfig. The
  guide's example (as read in its zh-CN translation) sends {"config": {"model": ...,
  "responseModalities": [...]}}, which the API reference, the proto and every SDK do not send
  and which the service (and our strict fake) close with 1007 (docs/protocol.md, sections 0
  and 4, in the project's shared notes).
- The key goes in the x-goog-api-key header, as the official SDKs send it, instead of ?key= in
  the URL, so it never lands in a logged URL. The service takes both.
- The endpoint can be overridden (--endpoint ws://127.0.0.1:PORT for the fake server).
- Audio comes from a raw 16 kHz mono s16le file, sent at real-time pace, instead of from a
  microphone; each message holds --chunk-ms of audio (20, gemini-pi's default
  chunkMs, so both clients send the same number of messages). Received audio is counted and
  written to --out if given, instead of being played.
- At the end it prints one JSON line (bytes sent and received, its own CPU time from
  getrusage) and, with --hold, waits for a line on stdin before exiting, so a harness can
  read /proc/PID first.

Debian's python3 with python3-websockets (10.4 on Debian 12) runs it; no other package.
"""
import argparse
import asyncio
import base64
import json
import os
import resource
import sys
import time

import websockets

PATH = "/ws/google.ai.generativelanguage.v1beta.GenerativeService.BidiGenerateContent"
RATE_HZ = 16000


def parse_args():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--endpoint", default="wss://generativelanguage.googleapis.com")
    p.add_argument("--model", default="models/gemini-3.1-flash-live-preview")
    p.add_argument("--pcm", required=True, help="16 kHz mono s16le audio to stream")
    p.add_argument("--chunk-ms", type=int, default=20)
    p.add_argument("--out", help="write the received 24 kHz audio here")
    p.add_argument("--hold", action="store_true", help="wait for a stdin line before exiting")
    return p.parse_args()


def connect(uri, key):
    headers = {"x-goog-api-key": key}
    # websockets 14 renamed extra_headers to additional_headers; Debian 12 ships 10.4.
    major = int(websockets.__version__.split(".")[0])
    if major >= 14:
        return websockets.connect(uri, additional_headers=headers)
    return websockets.connect(uri, extra_headers=headers)


async def send_audio(ws, pcm_path, chunk_ms):
    chunk_bytes = RATE_HZ * 2 * chunk_ms // 1000
    sent = 0
    start = time.monotonic()
    with open(pcm_path, "rb") as f:
        while True:
            chunk = f.read(chunk_bytes)
            if not chunk:
                return sent
            message = {"realtimeInput": {"audio": {
                "data": base64.b64encode(chunk).decode("ascii"),
                "mimeType": "audio/pcm;rate=16000"}}}
            await ws.send(json.dumps(message))
            sent += len(chunk)
            # Paced against the start, not the last send, so delays do not add up.
            delay = start + sent / (RATE_HZ * 2) - time.monotonic()
            if delay > 0:
                await asyncio.sleep(delay)


async def receive_audio(ws, out, counts):
    try:
        async for message in ws:
            response = json.loads(message)  # the service sends JSON in binary frames
            content = response.get("serverContent")
            if content is None:
                continue
            for part in content.get("modelTurn", {}).get("parts", []):
                data = part.get("inlineData", {}).get("data")
                if data:
                    pcm = base64.b64decode(data)
                    counts["receivedBytes"] += len(pcm)
                    if out:
                        out.write(pcm)
            if content.get("turnComplete"):
                counts["turns"] += 1
    except websockets.ConnectionClosed:
        pass


async def run(args, key):
    counts = {"receivedBytes": 0, "turns": 0}
    out = open(args.out, "wb") if args.out else None
    try:
        async with connect(args.endpoint.rstrip("/") + PATH, key) as ws:
            setup = {"setup": {"model": args.model,
                               "generationConfig": {"responseModalities": ["AUDIO"]}}}
            await ws.send(json.dumps(setup))
            first = json.loads(await ws.recv())
            if "setupComplete" not in first:
                raise SystemExit("expected setupComplete first, got " + str(first)[:200])
            receiver = asyncio.create_task(receive_audio(ws, out, counts))
            counts["sentBytes"] = await send_audio(ws, args.pcm, args.chunk_ms)
            await ws.close()
            await receiver
    finally:
        if out:
            out.close()
    return counts


def main():
    args = parse_args()
    key = os.environ.get("GEMINI_API_KEY")
    if not key:
        raise SystemExit("GEMINI_API_KEY is not set")
    started = time.monotonic()
    counts = asyncio.run(run(args, key))
    usage = resource.getrusage(resource.RUSAGE_SELF)
    counts["seconds"] = round(time.monotonic() - started, 3)
    counts["cpuSec"] = round(usage.ru_utime + usage.ru_stime, 3)
    print(json.dumps(counts), flush=True)
    if args.hold:
        sys.stdin.readline()


if __name__ == "__main__":
    main()
