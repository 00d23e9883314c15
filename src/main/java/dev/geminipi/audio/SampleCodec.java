package dev.geminipi.audio;

// Reads and writes one sample as a left-justified 32-bit int (a 16-bit sample s reads as s << 16), so
// the converters do their arithmetic at one scale whatever the device's depth. Writing keeps the top
// bits: the same truncation ALSA's plug layer uses when it narrows a sample.
enum SampleCodec {
  S16_LE(2) {
    @Override
    int read(byte[] b, int i) {
      return (b[i] & 0xFF) << 16 | b[i + 1] << 24;
    }

    @Override
    void write(int s32, byte[] b, int i) {
      b[i] = (byte) (s32 >>> 16);
      b[i + 1] = (byte) (s32 >>> 24);
    }
  },
  S16_BE(2) {
    @Override
    int read(byte[] b, int i) {
      return b[i] << 24 | (b[i + 1] & 0xFF) << 16;
    }

    @Override
    void write(int s32, byte[] b, int i) {
      b[i] = (byte) (s32 >>> 24);
      b[i + 1] = (byte) (s32 >>> 16);
    }
  },
  S24_3LE(3) {
    @Override
    int read(byte[] b, int i) {
      return (b[i] & 0xFF) << 8 | (b[i + 1] & 0xFF) << 16 | b[i + 2] << 24;
    }

    @Override
    void write(int s32, byte[] b, int i) {
      b[i] = (byte) (s32 >>> 8);
      b[i + 1] = (byte) (s32 >>> 16);
      b[i + 2] = (byte) (s32 >>> 24);
    }
  },
  S24_3BE(3) {
    @Override
    int read(byte[] b, int i) {
      return b[i] << 24 | (b[i + 1] & 0xFF) << 16 | (b[i + 2] & 0xFF) << 8;
    }

    @Override
    void write(int s32, byte[] b, int i) {
      b[i] = (byte) (s32 >>> 24);
      b[i + 1] = (byte) (s32 >>> 16);
      b[i + 2] = (byte) (s32 >>> 8);
    }
  },
  S32_LE(4) {
    @Override
    int read(byte[] b, int i) {
      return (b[i] & 0xFF) | (b[i + 1] & 0xFF) << 8 | (b[i + 2] & 0xFF) << 16 | b[i + 3] << 24;
    }

    @Override
    void write(int s32, byte[] b, int i) {
      b[i] = (byte) s32;
      b[i + 1] = (byte) (s32 >>> 8);
      b[i + 2] = (byte) (s32 >>> 16);
      b[i + 3] = (byte) (s32 >>> 24);
    }
  },
  S32_BE(4) {
    @Override
    int read(byte[] b, int i) {
      return b[i] << 24 | (b[i + 1] & 0xFF) << 16 | (b[i + 2] & 0xFF) << 8 | (b[i + 3] & 0xFF);
    }

    @Override
    void write(int s32, byte[] b, int i) {
      b[i] = (byte) (s32 >>> 24);
      b[i + 1] = (byte) (s32 >>> 16);
      b[i + 2] = (byte) (s32 >>> 8);
      b[i + 3] = (byte) s32;
    }
  };

  final int bytes;

  SampleCodec(int bytes) {
    this.bytes = bytes;
  }

  abstract int read(byte[] b, int i);

  abstract void write(int s32, byte[] b, int i);

  static SampleCodec of(PcmFormat format) {
    return switch (format.bitsPerSample()) {
      case 16 -> format.bigEndian() ? S16_BE : S16_LE;
      case 24 -> format.bigEndian() ? S24_3BE : S24_3LE;
      default -> format.bigEndian() ? S32_BE : S32_LE;
    };
  }
}
