package dev.geminipi.config;

/**
 * The {@code gemini} section: where the Live service is and how a session is set up.
 *
 * @param endpoint scheme, host and port of the Live service; the client appends the
 *     method path, so no key or token ever sits in this URL
 * @param apiKeyEnv name of the environment variable that holds the API key (or an
 *     ephemeral token starting with {@code auth_tokens/})
 * @param voice prebuilt voice name; empty leaves the service default
 * @param languageCode BCP-47 code; empty lets native-audio models detect it
 * @param transcription ask for transcripts of both the user's and the model's speech
 * @param activityDetection server VAD or push-to-talk signals
 * @param vad how the server's voice activity detection decides (server mode only)
 * @param setupTimeoutMs how long to wait for {@code setupComplete} after the setup
 */
public record GeminiConfig(
    String endpoint,
    String apiKeyEnv,
    String model,
    String voice,
    String languageCode,
    String systemInstruction,
    boolean transcription,
    boolean googleSearch,
    ActivityDetection activityDetection,
    Vad vad,
    boolean sessionResumption,
    boolean contextCompression,
    int setupTimeoutMs) {

  public static final String DEFAULT_ENDPOINT = "wss://generativelanguage.googleapis.com";
  public static final String DEFAULT_MODEL = "models/gemini-3.8-live";
  public static final String DEFAULT_INSTRUCTION =
      "You are the voice of a small assistant device in someone's home. Answer briefly and "
          + "plainly, in the language you are spoken to. Use the device's tools when asked to "
          + "act, and never read tool results or JSON aloud.";

  /** Server-side voice activity detection, or push-to-talk with activityStart/End. */
  public enum ActivityDetection { SERVER, MANUAL }

  /** The server VAD's sensitivities (docs/live-models.md). */
  public enum Sensitivity { HIGH, LOW }

  /**
   * The service's voice activity options, named as on the wire. The defaults are the
   * service's own: HIGH for both sensitivities, and 0 ms, which proto3 sends as "unset", for
   * the two durations; only values that differ from them go into the setup.
   */
  public record Vad(Sensitivity startOfSpeechSensitivity, Sensitivity endOfSpeechSensitivity,
      int prefixPaddingMs, int silenceDurationMs) {
    public static Vad defaults() {
      return new Vad(Sensitivity.HIGH, Sensitivity.HIGH, 0, 0);
    }
  }

  public static GeminiConfig defaults() {
    return new GeminiConfig(DEFAULT_ENDPOINT, "GEMINI_API_KEY", DEFAULT_MODEL, "", "",
        DEFAULT_INSTRUCTION, true, false, ActivityDetection.SERVER, Vad.defaults(), true, true,
        10_000);
  }

  /** The rules of this model (the table in {@link LiveModel}). */
  public LiveModel rules() {
    return LiveModel.of(model);
  }
}
