package dev.geminipi.live;

import dev.geminipi.config.GeminiConfig;
import java.util.Locale;

/**
 * What a close code means for the session: retry or not, keep the resumption handle or
 * not, and a plain-words explanation for the journal and {@code status}. The table follows
 * docs/protocol.md §6 (codes and reasons seen in the field) and §10.
 *
 * <p>Made only through the named factories ({@link #resume}, {@link #freshSession},
 * {@link #backoff}, {@link #fatal}), so no caller writes a row of positional booleans.
 *
 * @param retry reconnecting may help
 * @param keepHandle the resumption handle is still good
 * @param immediate reconnect at once rather than after a backoff delay
 */
record CloseVerdict(boolean retry, boolean keepHandle, boolean immediate, String explanation) {
  /** Quotas belong to the key's project, not to the device (docs/protocol.md). */
  static final String QUOTA_FIX = "wait, or check the plan and rate limits of the key's project "
      + "in Google AI Studio; retrying later";

  static CloseVerdict of(int code, String reason, Throwable error, String keyVariable) {
    String r = reason == null ? "" : reason;
    String lower = r.toLowerCase(Locale.ROOT);
    int http = httpStatus(r);
    if (http == 401 || http == 403 || lower.contains("api key not valid")
        || lower.contains("api_key_invalid") || lower.contains("permission denied")) {
      // A WebSocket close code is not an HTTP status: name each for what it is.
      return fatal("the service refused the API key; check " + keyVariable
          + " in /etc/gemini-pi/env (" + (http > 0 ? "HTTP " + http : "close " + code) + ")");
    }
    if (http == 404) {
      return fatal("the endpoint has no Live service at that path (HTTP 404); check "
          + "gemini.endpoint");
    }
    if (http == 429) {
      return backoff("the service says the quota is used up (HTTP 429); " + QUOTA_FIX);
    }
    if (http >= 500) {
      return backoff("the service is unavailable (HTTP " + http + "); retrying");
    }
    return switch (code) {
      case 1000, 1001 -> resume("the service closed the connection (" + code + "); resuming");
      case 1007 -> fatal("the service rejected a message (1007: " + r + "); check gemini.model "
          + "and the gemini settings, or report a bug");
      case 1008 -> policy(r, lower);
      case 1009 -> backoff("a message from the service was over "
          + (LiveConnection.MAX_FRAME_BYTES >> 20) + " MiB (1009); reconnecting");
      case 1011 -> lower.contains("quota") || lower.contains("resource_exhausted")
          ? backoff("the service says the quota is used up (1011: " + r + "); " + QUOTA_FIX)
          : backoff("service error (1011: " + r + "); reconnecting");
      default -> backoff(networkProblem(code, r, error));
    };
  }

  private static CloseVerdict policy(String reason, String lower) {
    if (lower.contains("session not found")) {
      return freshSession("the service no longer knows the session (1008: " + reason
          + "); starting a fresh session, earlier context is lost");
    }
    if (lower.contains("is not found for api version") || lower.contains("not supported for")) {
      return fatal("the model was not found (1008: " + reason + "); check gemini.model, e.g. "
          + "\"" + GeminiConfig.DEFAULT_MODEL + "\"");
    }
    return backoff("the service refused an operation (1008: " + reason + "); reconnecting");
  }

  private static String networkProblem(int code, String reason, Throwable error) {
    if (error instanceof java.net.UnknownHostException) {
      // The JDK says "host: Name or service not known" on a fresh lookup but only "host" while
      // the failure is cached (networkaddress.cache.negative.ttl): one wording, one WARN.
      String host = String.valueOf(error.getMessage());
      int colon = host.indexOf(':');
      return "cannot resolve " + (colon > 0 ? host.substring(0, colon) : host)
          + " (DNS); check the network";
    }
    if (error instanceof java.net.ConnectException || error instanceof java.net.NoRouteToHostException) {
      return "cannot reach the service (" + error.getMessage() + "); check the network";
    }
    if (error instanceof javax.net.ssl.SSLException) {
      return "TLS failed: " + tlsProblem(error) + "; check the clock and the network";
    }
    if (error instanceof java.net.SocketTimeoutException) {
      return "the connection timed out; check the network";
    }
    return "connection lost (" + code + (reason.isEmpty() ? "" : ": " + reason)
        + "); reconnecting";
  }

  /**
   * The JDK's TLS messages name its internal classes and vary between releases
   * ("(certificate_unknown) PKIX path building failed: sun.security..."); the exception types
   * in the cause chain say the same in words a user can act on. A Pi without a real-time clock
   * that boots before NTP answers is the usual cause of the validity cases.
   */
  static String tlsProblem(Throwable error) {
    for (Throwable t = error; t != null; t = t.getCause()) {
      if (t instanceof java.security.cert.CertificateNotYetValidException) {
        return "the server's certificate is not valid yet by this system's clock";
      }
      if (t instanceof java.security.cert.CertificateExpiredException) {
        return "the server's certificate has expired by this system's clock";
      }
    }
    Throwable innermost = error;
    for (Throwable t = error; t != null; t = t.getCause()) {
      if (t instanceof java.security.cert.CertPathBuilderException) {
        return "the server's certificate is not signed by an authority this system trusts";
      }
      innermost = t;
    }
    String message = String.valueOf(innermost.getMessage());
    if (message.startsWith("No subject alternative") || message.startsWith("No name matching")) {
      return "the server's certificate is for another name (" + message + ")";
    }
    return String.valueOf(error.getMessage());
  }

  /** Java-WebSocket reports a refused upgrade as "Invalid status code received: 401 ...". */
  static int httpStatus(String reason) {
    int at = reason.indexOf("status code received: ");
    if (at < 0) {
      return -1;
    }
    int start = at + "status code received: ".length();
    int end = start;
    while (end < reason.length() && Character.isDigit(reason.charAt(end))) {
      end++;
    }
    return end > start ? Integer.parseInt(reason.substring(start, end)) : -1;
  }

  /** Reconnect at once with the handle: the session itself is fine. */
  static CloseVerdict resume(String explanation) {
    return new CloseVerdict(true, true, true, explanation);
  }

  /** Reconnect at once without the handle: the service no longer has the session. */
  static CloseVerdict freshSession(String explanation) {
    return new CloseVerdict(true, false, true, explanation);
  }

  /** Reconnect after the backoff delay, keeping the handle. */
  static CloseVerdict backoff(String explanation) {
    return new CloseVerdict(true, true, false, explanation);
  }

  /** Stop: retrying cannot fix it. */
  static CloseVerdict fatal(String explanation) {
    return new CloseVerdict(false, true, false, explanation);
  }
}
