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
    boolean sessionResumption,
    boolean contextCompression,
    int setupTimeoutMs) {

  public static final String DEFAULT_ENDPOINT = "wss://generativelanguage.googleapis.com";
  public static final String DEFAULT_MODEL = "models/gemini-3.1-flash-live-preview";
  public static final String DEFAULT_INSTRUCTION =
      "You are the voice of a small assistant device in someone's home. Answer briefly and "
          + "plainly, in the language you are spoken to. Use the device's tools when asked to "
          + "act, and never read tool results or JSON aloud.";

  /** Server-side voice activity detection, or push-to-talk with activityStart/End. */
  public enum ActivityDetection { SERVER, MANUAL }

  public static GeminiConfig defaults() {
    return new GeminiConfig(DEFAULT_ENDPOINT, "GEMINI_API_KEY", DEFAULT_MODEL, "", "",
        DEFAULT_INSTRUCTION, true, false, ActivityDetection.SERVER, true, true, 10_000);
  }

  /** Models of the 3.x family take text only through realtimeInput (docs/live-protocol.md §3.2). */
  public boolean isGemini3() {
    return model.contains("gemini-3");
  }
}
