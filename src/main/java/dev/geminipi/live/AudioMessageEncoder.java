package dev.geminipi.live;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * Writes {@code realtimeInput.audio} messages on the capture hot path (STYLE 17): the
 * base64 goes into one reused buffer and from there next to the fixed JSON around it, so
 * the only allocation per chunk is the outgoing message, UTF-8 JSON that the writer frames
 * as it is. Not thread-safe: one per capture thread.
 */
public final class AudioMessageEncoder {
  private static final byte[] PREFIX = ("{\"realtimeInput\":{\"audio\":{\"mimeType\":\""
      + ClientMessages.AUDIO_MIME + "\",\"data\":\"").getBytes(StandardCharsets.US_ASCII);
  private static final byte[] SUFFIX = "\"}}}".getBytes(StandardCharsets.US_ASCII);

  private final Base64.Encoder base64 = Base64.getEncoder();
  private byte[] pcmScratch = new byte[0];
  private byte[] base64Scratch = new byte[0];

  /** The message (ASCII JSON) for {@code length} bytes of PCM starting at {@code offset}. */
  public byte[] encode(byte[] pcm, int offset, int length) {
    byte[] source = pcm;
    if (offset != 0 || length != pcm.length) {
      if (pcmScratch.length != length) {
        pcmScratch = new byte[length];
      }
      System.arraycopy(pcm, offset, pcmScratch, 0, length);
      source = pcmScratch;
    }
    int encoded = 4 * ((length + 2) / 3);
    byte[] message = new byte[PREFIX.length + encoded + SUFFIX.length];
    System.arraycopy(PREFIX, 0, message, 0, PREFIX.length);
    if (base64Scratch.length < encoded) {
      base64Scratch = new byte[encoded];
    }
    base64.encode(source, base64Scratch);
    System.arraycopy(base64Scratch, 0, message, PREFIX.length, encoded);
    System.arraycopy(SUFFIX, 0, message, PREFIX.length + encoded, SUFFIX.length);
    return message;
  }
}
