package dev.geminipi.testkit;

import dev.geminipi.config.GeminiConfig;

/** The {@code gemini} section for tests: the defaults, with only what a test cares about set. */
public final class GeminiConfigBuilder {
  private final GeminiConfig d = GeminiConfig.defaults();
  private String endpoint = d.endpoint();
  private String apiKeyEnv = d.apiKeyEnv();
  private String model = d.model();
  private String voice = d.voice();
  private String languageCode = d.languageCode();
  private String systemInstruction = d.systemInstruction();
  private boolean transcription = d.transcription();
  private boolean googleSearch = d.googleSearch();
  private GeminiConfig.ActivityDetection activityDetection = d.activityDetection();
  private GeminiConfig.Vad vad = d.vad();
  private boolean sessionResumption = d.sessionResumption();
  private boolean contextCompression = d.contextCompression();
  private int setupTimeoutMs = d.setupTimeoutMs();

  private GeminiConfigBuilder() {
  }

  public static GeminiConfigBuilder gemini() {
    return new GeminiConfigBuilder();
  }

  /** The defaults against this server, with a short setup timeout. */
  public static GeminiConfigBuilder gemini(FakeLiveServer server) {
    return gemini().endpoint(server.endpoint()).setupTimeoutMs(2000);
  }

  public GeminiConfigBuilder endpoint(String v) {
    endpoint = v;
    return this;
  }

  public GeminiConfigBuilder apiKeyEnv(String v) {
    apiKeyEnv = v;
    return this;
  }

  public GeminiConfigBuilder model(String v) {
    model = v;
    return this;
  }

  public GeminiConfigBuilder voice(String v) {
    voice = v;
    return this;
  }

  public GeminiConfigBuilder languageCode(String v) {
    languageCode = v;
    return this;
  }

  public GeminiConfigBuilder systemInstruction(String v) {
    systemInstruction = v;
    return this;
  }

  public GeminiConfigBuilder transcription(boolean v) {
    transcription = v;
    return this;
  }

  public GeminiConfigBuilder googleSearch(boolean v) {
    googleSearch = v;
    return this;
  }

  public GeminiConfigBuilder activityDetection(GeminiConfig.ActivityDetection v) {
    activityDetection = v;
    return this;
  }

  public GeminiConfigBuilder vad(GeminiConfig.Vad v) {
    vad = v;
    return this;
  }

  public GeminiConfigBuilder sessionResumption(boolean v) {
    sessionResumption = v;
    return this;
  }

  public GeminiConfigBuilder contextCompression(boolean v) {
    contextCompression = v;
    return this;
  }

  public GeminiConfigBuilder setupTimeoutMs(int v) {
    setupTimeoutMs = v;
    return this;
  }

  public GeminiConfig build() {
    return new GeminiConfig(endpoint, apiKeyEnv, model, voice, languageCode, systemInstruction,
        transcription, googleSearch, activityDetection, vad, sessionResumption,
        contextCompression, setupTimeoutMs);
  }
}
