package dev.geminipi.audio;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.TreeSet;
import javax.sound.sampled.AudioFormat;
import javax.sound.sampled.AudioSystem;
import javax.sound.sampled.DataLine;
import javax.sound.sampled.Line;
import javax.sound.sampled.LineUnavailableException;
import javax.sound.sampled.Mixer;
import javax.sound.sampled.SourceDataLine;
import javax.sound.sampled.TargetDataLine;

/**
 * The sound devices javax.sound sees, for {@code gemini-pi devices} and for the messages that say
 * which devices exist when a configured one is missing. Devices are found by a part of their mixer
 * name, as {@code audio.input.device} and {@code audio.output.device} give it (docs/hardware.md §2.1:
 * names are {@code "<card id> [plughw:C,D]"} or {@code "<pcm> [default]"}; match on the card id,
 * because card indexes move between boots).
 */
public final class Devices {

  // Rates the report opens a line at: what speech devices and the Live API use, plus 96 kHz
  // for the DACs that only do high rates.
  private static final int[] REPORT_RATES_HZ = {8_000, 16_000, 22_050, 24_000, 32_000, 44_100, 48_000, 96_000};
  // javax.sound reports "any number of channels" as a huge count; above this, say "any".
  private static final int SANE_MAX_CHANNELS = 32;

  private Devices() {
  }

  /**
   * A printable list of every capture and playback device with the sample formats, channel
   * counts and rates it accepts. Rates are found by opening a line at each, so a device in use
   * by another program shows as busy. The text is public surface (CLI output).
   */
  public static String report() {
    StringBuilder out = new StringBuilder();
    section(out, "Capture devices (audio.input.device picks one by a part of its name):", TargetDataLine.class);
    section(out, "Playback devices (audio.output.device picks one by a part of its name):", SourceDataLine.class);
    return out.toString();
  }

  private static void section(StringBuilder out, String title, Class<? extends DataLine> type) {
    out.append(title).append('\n');
    List<Mixer> mixers = withLine(type);
    if (mixers.isEmpty()) {
      out.append("  none (no sound card, or ALSA's default device cannot be opened)\n");
    }
    for (Mixer mixer : mixers) {
      Mixer.Info info = mixer.getMixerInfo();
      out.append("  \"").append(info.getName()).append("\"  ").append(info.getDescription()).append('\n');
      DataLine.Info line = lineInfo(mixer, type);
      out.append("    samples:  ").append(samples(line)).append('\n');
      out.append("    channels: ").append(channels(line)).append('\n');
      out.append("    rates:    ").append(rates(mixer, type, line)).append('\n');
    }
  }

  /** The mixers that offer a line of {@code type}, in javax.sound's order. */
  static List<Mixer> withLine(Class<? extends DataLine> type) {
    List<Mixer> found = new ArrayList<>();
    for (Mixer.Info info : AudioSystem.getMixerInfo()) {
      Mixer mixer = AudioSystem.getMixer(info);
      if (lineInfo(mixer, type) != null) {
        found.add(mixer);
      }
    }
    return found;
  }

  /** The first mixer with a line of {@code type} whose name contains {@code part}, ignoring case. */
  static Optional<Mixer> find(String part, Class<? extends DataLine> type) {
    String wanted = part.toLowerCase(Locale.ROOT);
    return withLine(type).stream()
        .filter(m -> m.getMixerInfo().getName().toLowerCase(Locale.ROOT).contains(wanted))
        .findFirst();
  }

  /** The quoted names of the mixers with a line of {@code type}, for error messages; "none" if there are none. */
  static String names(Class<? extends DataLine> type) {
    List<String> names = withLine(type).stream().map(m -> "\"" + m.getMixerInfo().getName() + "\"").toList();
    return names.isEmpty() ? "none" : String.join(", ", names);
  }

  private static DataLine.Info lineInfo(Mixer mixer, Class<? extends DataLine> type) {
    Line.Info[] infos = type == TargetDataLine.class ? mixer.getTargetLineInfo() : mixer.getSourceLineInfo();
    for (Line.Info i : infos) {
      if (i instanceof DataLine.Info d && type.isAssignableFrom(d.getLineClass())) {
        return d;
      }
    }
    return null;
  }

  private static String samples(DataLine.Info line) {
    TreeSet<String> kinds = new TreeSet<>();
    for (AudioFormat f : line.getFormats()) {
      if (f.getEncoding() == AudioFormat.Encoding.PCM_SIGNED && isUsableWidth(f)) {
        kinds.add(f.getSampleSizeInBits() + "-bit" + (f.isBigEndian() ? " BE" : " LE"));
      }
    }
    return kinds.isEmpty() ? "no signed linear PCM (gemini-pi cannot use this device)"
        : "signed " + String.join(", ", kinds);
  }

  private static boolean isUsableWidth(AudioFormat f) {
    int bits = f.getSampleSizeInBits();
    // 24-bit in a 4-byte container (S24_LE) is not a layout gemini-pi converts; packed S24_3LE is.
    return bits == 16 || bits == 32 || (bits == 24 && f.getFrameSize() == 3 * Math.max(1, f.getChannels()));
  }

  private static String channels(DataLine.Info line) {
    int min = Integer.MAX_VALUE;
    int max = 0;
    for (AudioFormat f : line.getFormats()) {
      int c = f.getChannels();
      if (c > 0) {
        min = Math.min(min, c);
        max = Math.max(max, c);
      }
    }
    if (max == 0) {
      return "not reported";
    }
    String upper = max > SANE_MAX_CHANNELS ? "any" : Integer.toString(max);
    return min == max ? upper : min + " to " + upper;
  }

  private static String rates(Mixer mixer, Class<? extends DataLine> type, DataLine.Info line) {
    int channels = minChannels(line);
    List<String> opened = new ArrayList<>();
    String problem = "";
    for (int rateHz : REPORT_RATES_HZ) {
      AudioFormat f = new AudioFormat(rateHz, 16, channels, true, false);
      try {
        DataLine l = (DataLine) mixer.getLine(new DataLine.Info(type, f));
        try {
          open(l, f);
          opened.add(Integer.toString(rateHz));
        } finally {
          l.close();
        }
      } catch (LineUnavailableException | IllegalArgumentException e) {
        problem = e.getMessage();
      }
    }
    if (opened.isEmpty()) {
      return "none opened at 16-bit, " + channels + " ch (busy, or in use by another program? " + problem + ")";
    }
    return String.join(" ", opened) + " Hz (16-bit, " + channels + " ch; ALSA's plug layer converts on plughw devices)";
  }

  private static int minChannels(DataLine.Info line) {
    int min = Integer.MAX_VALUE;
    for (AudioFormat f : line.getFormats()) {
      if (f.getChannels() > 0) {
        min = Math.min(min, f.getChannels());
      }
    }
    return min == Integer.MAX_VALUE ? 1 : min;
  }

  private static void open(DataLine line, AudioFormat f) throws LineUnavailableException {
    if (line instanceof TargetDataLine t) {
      t.open(f);
    } else if (line instanceof SourceDataLine s) {
      s.open(f);
    }
  }
}
