package dev.geminipi.audio;

import java.util.ArrayList;
import java.util.List;
import javax.sound.sampled.AudioFormat;
import javax.sound.sampled.DataLine;
import javax.sound.sampled.LineUnavailableException;
import javax.sound.sampled.Mixer;
import javax.sound.sampled.SourceDataLine;
import javax.sound.sampled.TargetDataLine;

// Opens a capture or playback line in the first format of a preference list that the device takes.
// javax.sound reports formats without rates (docs/hardware.md §2.1), so the only real test is open():
// the list is pre-filtered with isLineSupported and then tried in order.
final class LineOpener {

  /** An open (not yet started) line and the layout of its bytes. */
  record Opened<L extends DataLine>(L line, int rateHz, PcmFormat format, String description) {
  }

  // Native rates of nearly every capture and playback chip on a Pi (USB dongles, I2S HATs, DACs).
  private static final int[] NATIVE_RATES_HZ = {48_000, 44_100};
  // Mono first (least data), then the layouts HATs deliver: stereo I2S, 4-mic and 6/8-mic arrays.
  private static final int[] CAPTURE_CHANNELS = {1, 2, 4, 6, 8, 3, 5, 7};
  // Widest first: the capture gain is applied before the cut to 16 bits, so a quiet mic boosted by
  // audio.input.gain keeps the low bits a 16-bit read would already have thrown away.
  private static final int[] CAPTURE_BITS = {32, 24, 16};
  // Model speech is 16-bit, so wider output buys nothing unless the device needs it.
  private static final int[] PLAYBACK_BITS = {16, 32, 24};
  private static final int[] PLAYBACK_CHANNELS = {2, 1};

  static final List<AudioFormat> CAPTURE_FORMATS = captureFormats();
  static final List<AudioFormat> PLAYBACK_FORMATS = playbackFormats();

  private LineOpener() {
  }

  // 16 kHz mono 16-bit first: the Live API's own format needs no conversion at all (issue 3 point 2).
  private static List<AudioFormat> captureFormats() {
    List<AudioFormat> list = new ArrayList<>();
    list.add(format(16_000, 1, 16));
    for (int rateHz : NATIVE_RATES_HZ) {
      for (int channels : CAPTURE_CHANNELS) {
        for (int bits : CAPTURE_BITS) {
          list.add(format(rateHz, channels, bits));
        }
      }
    }
    return List.copyOf(list);
  }

  // 48/44.1 kHz first, so the 24 -> 48 kHz step runs through our band-limited resampler instead of
  // ALSA's plug layer, whose converter is linear interpolation unless libasound2-plugins is installed.
  // 24 kHz mono is the fallback for a device that takes nothing else.
  private static List<AudioFormat> playbackFormats() {
    List<AudioFormat> list = new ArrayList<>();
    for (int rateHz : NATIVE_RATES_HZ) {
      for (int channels : PLAYBACK_CHANNELS) {
        for (int bits : PLAYBACK_BITS) {
          list.add(format(rateHz, channels, bits));
        }
      }
    }
    list.add(format(24_000, 1, 16));
    list.add(format(16_000, 1, 16));
    return List.copyOf(list);
  }

  private static AudioFormat format(int rateHz, int channels, int bits) {
    return new AudioFormat(AudioFormat.Encoding.PCM_SIGNED, rateHz, bits, channels, bits / 8 * channels, rateHz,
        false);
  }

  static Opened<TargetDataLine> openCapture(Mixer mixer, int bufferMs) throws LineUnavailableException {
    return open(mixer, TargetDataLine.class, CAPTURE_FORMATS, bufferMs);
  }

  static Opened<SourceDataLine> openPlayback(Mixer mixer, int bufferMs) throws LineUnavailableException {
    return open(mixer, SourceDataLine.class, PLAYBACK_FORMATS, bufferMs);
  }

  private static <L extends DataLine> Opened<L> open(Mixer mixer, Class<L> type, List<AudioFormat> formats,
      int bufferMs) throws LineUnavailableException {
    String name = mixer.getMixerInfo().getName();
    String firstProblem = null;
    int tried = 0;
    for (AudioFormat f : formats) {
      DataLine.Info info = new DataLine.Info(type, f);
      if (!mixer.isLineSupported(info)) {
        continue;
      }
      tried++;
      try {
        L line = type.cast(mixer.getLine(info));
        int bufferBytes = (int) ((long) f.getFrameSize() * (int) f.getSampleRate() * bufferMs / 1000);
        openLine(line, f, bufferBytes);
        return new Opened<>(line, (int) f.getSampleRate(),
            new PcmFormat(f.getSampleSizeInBits(), f.getChannels(), f.isBigEndian()), describe(name, f));
      } catch (LineUnavailableException | IllegalArgumentException | SecurityException e) {
        if (firstProblem == null) {
          firstProblem = layout(f) + ": " + e.getMessage();
        }
      }
    }
    throw new LineUnavailableException("\"" + name + "\" opened in none of the " + tried
        + " formats it lists (busy, or held by another program or sound server?)"
        + (firstProblem == null ? "" : "; first try, " + firstProblem));
  }

  private static void openLine(DataLine line, AudioFormat f, int bufferBytes) throws LineUnavailableException {
    if (line instanceof TargetDataLine t) {
      t.open(f, bufferBytes);
    } else {
      ((SourceDataLine) line).open(f, bufferBytes);
    }
  }

  // Public surface: tests and users read this in "device opened" log lines.
  static String describe(String mixerName, AudioFormat f) {
    return "\"" + mixerName + "\" at " + layout(f);
  }

  private static String layout(AudioFormat f) {
    int channels = f.getChannels();
    return (int) f.getSampleRate() + " Hz, " + channels + (channels == 1 ? " channel, " : " channels, ")
        + f.getSampleSizeInBits() + "-bit";
  }
}
