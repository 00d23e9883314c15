package dev.geminipi.live;

import java.net.URI;
import java.util.Map;

/**
 * What authenticates a Live connection: an API key, or an ephemeral token
 * ({@code auth_tokens/...}) which only the v1alpha constrained method accepts
 * (docs/protocol.md §1). The secret travels in a header, never in the URL, and
 * {@link #toString()} never shows it.
 */
public sealed interface Credential {

  /** Request headers that carry the secret. */
  Map<String, String> headers();

  /** The WebSocket path of the method this credential may call. */
  String path();

  /** The full connection URI: the configured endpoint (scheme, host, port) plus the path. */
  default URI uri(String endpoint) {
    String base = endpoint.endsWith("/") ? endpoint.substring(0, endpoint.length() - 1) : endpoint;
    return URI.create(base + path());
  }

  /** The credential in the environment variable the config names, if it is set. */
  static java.util.Optional<Credential> fromEnvironment(Map<String, String> env, String variable) {
    String value = env.get(variable);
    return value == null || value.isBlank() ? java.util.Optional.empty()
        : java.util.Optional.of(of(value));
  }

  /** What to tell a user whose key variable is not set (public surface: tests pin it). */
  static String missingMessage(String variable) {
    return variable + " is not set; put " + variable + "=<your key> in /etc/gemini-pi/env "
        + "(systemd reads it through EnvironmentFile=), or export " + variable
        + " in this shell (get a key at https://aistudio.google.com/apikey)";
  }

  /**
   * No key was set: the daemon still runs (LED, status, triggers), and every session it
   * opens ends at once with {@link #missingMessage} instead of a retry storm.
   */
  static Credential missing(String variable) {
    return new Missing(variable);
  }

  /** A key from the environment; an {@code auth_tokens/} value is an ephemeral token. */
  static Credential of(String secret) {
    String s = secret.strip();
    return s.startsWith("auth_tokens/") ? new EphemeralToken(s) : new ApiKey(s);
  }

  /** A Gemini API key, sent as {@code x-goog-api-key} like the official SDKs do. */
  final class ApiKey implements Credential {
    static final String PATH =
        "/ws/google.ai.generativelanguage.v1beta.GenerativeService.BidiGenerateContent";
    private final String key;

    ApiKey(String key) {
      this.key = key;
    }

    @Override
    public Map<String, String> headers() {
      return Map.of("x-goog-api-key", key);
    }

    @Override
    public String path() {
      return PATH;
    }

    @Override
    public String toString() {
      return "ApiKey[redacted]";
    }
  }

  /** An ephemeral token, sent as {@code Authorization: Token ...} to the constrained method. */
  final class EphemeralToken implements Credential {
    static final String PATH =
        "/ws/google.ai.generativelanguage.v1alpha.GenerativeService.BidiGenerateContentConstrained";
    private final String token;

    EphemeralToken(String token) {
      this.token = token;
    }

    @Override
    public Map<String, String> headers() {
      return Map.of("Authorization", "Token " + token);
    }

    @Override
    public String path() {
      return PATH;
    }

    @Override
    public String toString() {
      return "EphemeralToken[redacted]";
    }
  }

  /** The stand-in for a key variable that is not set. */
  final class Missing implements Credential {
    private final String variable;

    Missing(String variable) {
      this.variable = variable;
    }

    String variable() {
      return variable;
    }

    @Override
    public Map<String, String> headers() {
      return Map.of();
    }

    @Override
    public String path() {
      return ApiKey.PATH;
    }

    @Override
    public String toString() {
      return "Missing[" + variable + "]";
    }
  }
}
