package dev.geminipi.camera;

// Marker codes and classes from ITU-T T.81 (JPEG), table B.1. A marker is 0xFF
// followed by one of these codes; the helpers classify the code byte only.
final class JpegMarkers {
  static final int TEM = 0x01;
  static final int DHT = 0xC4;
  static final int JPG = 0xC8;
  static final int DAC = 0xCC;
  static final int RST0 = 0xD0;
  static final int RST7 = 0xD7;
  static final int SOI = 0xD8;
  static final int EOI = 0xD9;
  static final int SOS = 0xDA;
  static final int DQT = 0xDB;
  static final int DNL = 0xDC;
  static final int DRI = 0xDD;
  static final int FILL = 0xFF;
  static final int STUFFED = 0x00;

  private JpegMarkers() {
  }

  // RSTn and TEM have no length field; every other marker but SOI/EOI is followed by one.
  static boolean isStandalone(int code) {
    return code == TEM || (code >= RST0 && code <= RST7);
  }

  // 0x02-0xBF are reserved and never written by encoders, so seeing one means we lost sync.
  static boolean isReserved(int code) {
    return code >= 0x02 && code <= 0xBF;
  }

  // SOF0-SOF15, minus the three codes in that range that are not frame headers.
  static boolean isStartOfFrame(int code) {
    return code >= 0xC0 && code <= 0xCF && code != DHT && code != JPG && code != DAC;
  }

  // Whether a segment length can be right for this marker (T.81 B.2 and B.3). A length read
  // from the wrong bytes, as after a cut, usually fails this.
  static boolean isPlausibleLength(int code, int length) {
    if (isStartOfFrame(code)) {
      return length >= 11 && (length - 8) % 3 == 0; // 8 + 3 per component
    }
    return switch (code) {
      case SOS -> length >= 8 && length <= 14 && length % 2 == 0; // 6 + 2 per component, 1-4
      case DRI, DNL -> length == 4;
      case DQT -> isQuantizationTablesLength(length - 2);
      // Up to 8 tables (4 DC, 4 AC), each class/id + 16 counts + at most 256 symbols.
      case DHT -> length >= 2 + 17 && length <= 2 + 8 * (17 + 256);
      default -> length >= 2;
    };
  }

  // Up to 4 tables, each 65 bytes (8-bit entries) or 129 bytes (16-bit entries).
  private static boolean isQuantizationTablesLength(int payload) {
    for (int wide = 0; wide <= 4; wide++) {
      int rest = payload - wide * 129;
      if (rest >= 0 && rest % 65 == 0 && wide + rest / 65 >= 1 && wide + rest / 65 <= 4) {
        return true;
      }
    }
    return false;
  }

  static int u16(byte[] b, int at) {
    return ((b[at] & 0xFF) << 8) | (b[at + 1] & 0xFF);
  }
}
