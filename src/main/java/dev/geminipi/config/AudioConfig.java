package dev.geminipi.config;

/**
 * The {@code audio} section.
 *
 * @param chunkMs milliseconds of microphone audio per message (20-50, docs/protocol.md §7)
 * @param preRollMs microphone audio kept from before the trigger and while connecting
 * @param tailMs how long the microphone stays muted after the speaker stops (half duplex)
 */
public record AudioConfig(
    InputConfig input,
    OutputConfig output,
    Duplex duplex,
    int chunkMs,
    int preRollMs,
    int tailMs,
    boolean earcons) {

  /** Half duplex mutes the microphone while the speaker plays; full duplex needs echo cancelling. */
  public enum Duplex { HALF, FULL }

  public static AudioConfig defaults() {
    return new AudioConfig(InputConfig.defaults(), OutputConfig.defaults(), Duplex.HALF, 20, 500,
        300, true);
  }

  /**
   * @param device substring of the javax.sound mixer name, e.g. "default", "USB", "plughw:1,0"
   * @param channel which channel of a multi-channel microphone to use, or {@link #MIX}
   * @param gain linear gain applied before sending; above 1 can clip (counted)
   */
  public record InputConfig(String device, int channel, double gain) {
    public static final int MIX = -1;

    public static InputConfig defaults() {
      return new InputConfig("default", MIX, 1.0);
    }

    public boolean mixChannels() {
      return channel == MIX;
    }
  }

  /** @param volume linear playback volume, 0 to 1 */
  public record OutputConfig(String device, double volume) {
    public static OutputConfig defaults() {
      return new OutputConfig("default", 1.0);
    }
  }
}
