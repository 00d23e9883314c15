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
- With --devices SECONDS it does what the guide's client does with a microphone and a speaker
  instead (its PyAudio pattern: 16-bit mono streams opened on the default input at 16 kHz and
  the default output at 24 kHz, blocking read and write run through asyncio.to_thread, the
  received audio handed from the receiving task to a playing task through an asyncio.Queue),
  reading --chunk-ms frames per message, so it pays for sound devices as gemini-pi does.
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
RECEIVE_RATE_HZ = 24000


def parse_args():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--endpoint", default="wss://generativelanguage.googleapis.com")
    p.add_argument("--model", default="models/gemini-3.1-flash-live-preview")
    source = p.add_mutually_exclusive_group(required=True)
    source.add_argument("--pcm", help="16 kHz mono s16le audio to stream")
    source.add_argument("--devices", type=float, metavar="SECONDS",
                        help="stream SECONDS from the default input and play what comes back on"
                             " the default output, with PyAudio")
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
            await ws.send(message(chunk))
            sent += len(chunk)
            # Paced against the start, not the last send, so delays do not add up.
            delay = start + sent / (RATE_HZ * 2) - time.monotonic()
            if delay > 0:
                await asyncio.sleep(delay)


def message(chunk):
    return json.dumps({"realtimeInput": {"audio": {
        "data": base64.b64encode(chunk).decode("ascii"),
        "mimeType": "audio/pcm;rate=16000"}}})


async def send_from_microphone(ws, pya, seconds, chunk_ms):
    import pyaudio
    frames = RATE_HZ * chunk_ms // 1000
    stream = await asyncio.to_thread(pya.open, format=pyaudio.paInt16, channels=1, rate=RATE_HZ,
                                     input=True, frames_per_buffer=frames)
    sent = 0
    # The streams stay open until the process exits, so that a harness reading
    # /proc/PID/task after the summary still finds the sound threads and their CPU.
    while sent < seconds * RATE_HZ * 2:
        chunk = await asyncio.to_thread(stream.read, frames, exception_on_overflow=False)
        await ws.send(message(chunk))
        sent += len(chunk)
    return sent


async def play(pya, queue):
    import pyaudio
    stream = await asyncio.to_thread(pya.open, format=pyaudio.paInt16, channels=1,
                                     rate=RECEIVE_RATE_HZ, output=True)
    while True:
        pcm = await queue.get()
        if pcm is None:
            return
        await asyncio.to_thread(stream.write, pcm)


async def receive_audio(ws, out, counts, queue=None):
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
                    if queue is not None:
                        queue.put_nowait(pcm)
            if content.get("interrupted") and queue is not None:
                while not queue.empty():  # what the guide's client does on an interruption
                    queue.get_nowait()
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
            if args.devices is None:
                receiver = asyncio.create_task(receive_audio(ws, out, counts))
                counts["sentBytes"] = await send_audio(ws, args.pcm, args.chunk_ms)
                await ws.close()
                await receiver
            else:
                import pyaudio
                pya = pyaudio.PyAudio()
                queue = asyncio.Queue()
                player = asyncio.create_task(play(pya, queue))
                receiver = asyncio.create_task(receive_audio(ws, out, counts, queue))
                counts["sentBytes"] = await send_from_microphone(ws, pya, args.devices,
                                                                 args.chunk_ms)
                await ws.close()
                await receiver
                queue.put_nowait(None)
                await player
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
