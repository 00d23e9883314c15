package dev.geminipi.audio;

// Device bytes in, 16 kHz mono chunks of exactly chunkFrames out: channel pick or mix with gain,
// band-limited resampling, then re-cutting, because a read of chunkMs at 44.1 kHz does not always
// resample to a whole chunk. Allocation-free after construction; confined to the capture thread.
final class CaptureChain {

  static final int OUT_RATE_HZ = 16_000;

  interface Sink {
    /** A full chunk; {@code samples} is reused after the call returns. */
    void chunk(short[] samples, int frames);
  }

  private final CaptureConverter converter;
  private final Resampler resampler;
  private final int frameBytes;
  private final short[] mono;
  private final short[] resampled;
  private final short[] chunk;
  private int chunkFill;

  CaptureChain(CaptureConverter converter, int deviceRateHz, int chunkFrames, int maxReadFrames) {
    this.converter = converter;
    this.resampler = Resampler.of(deviceRateHz, OUT_RATE_HZ);
    this.frameBytes = converter.format().frameBytes();
    this.mono = new short[maxReadFrames];
    this.resampled = new short[resampler.maxOutputFor(maxReadFrames)];
    this.chunk = new short[chunkFrames];
  }

  /** Converts {@code bytes} (whole frames, at most maxReadFrames) and passes every completed chunk to {@code sink}. */
  void push(byte[] device, int bytes, Sink sink) {
    int frames = converter.convert(device, 0, bytes, mono, 0);
    int n = resampler.resample(mono, 0, frames, resampled, 0);
    int taken = 0;
    while (taken < n) {
      int copy = Math.min(n - taken, chunk.length - chunkFill);
      System.arraycopy(resampled, taken, chunk, chunkFill, copy);
      chunkFill += copy;
      taken += copy;
      if (chunkFill == chunk.length) {
        chunkFill = 0;
        sink.chunk(chunk, chunk.length);
      }
    }
  }

  int frameBytes() {
    return frameBytes;
  }

  long clippedSamples() {
    return converter.clippedSamples();
  }
}
