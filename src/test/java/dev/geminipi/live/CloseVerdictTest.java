package dev.geminipi.live;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.security.cert.CertPathValidatorException;
import java.security.cert.CertificateExpiredException;
import java.security.cert.CertificateNotYetValidException;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLHandshakeException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * TLS failures in plain words, from the exception chain the JDK's PKIX validator builds for a
 * certificate outside its validity period (the untrusted and wrong-name cases run against a
 * real TLS server in CheckCommandTest).
 */
class CloseVerdictTest {
  private static SSLException handshake(Throwable cause) {
    SSLHandshakeException e = new SSLHandshakeException("(certificate_unknown) PKIX path "
        + "validation failed: java.security.cert.CertPathValidatorException: validity check failed");
    e.initCause(new CertPathValidatorException("validity check failed", cause));
    return e;
  }

  @Test
  void tls_certificateNotYetValid_blamesTheClock() {
    assertEquals("TLS failed: the server's certificate is not valid yet by this system's clock; "
        + "check the clock and the network", CloseVerdict.of(-1, "",
        handshake(new CertificateNotYetValidException("NotBefore: Sun Jan 04 2026")),
        "GEMINI_API_KEY").explanation());
  }

  @Test
  void tls_certificateExpired_blamesTheClock() {
    assertEquals("TLS failed: the server's certificate has expired by this system's clock; "
        + "check the clock and the network", CloseVerdict.of(-1, "",
        handshake(new CertificateExpiredException("NotAfter: Sat Jan 01 2039")),
        "GEMINI_API_KEY").explanation());
  }

  @Test
  void tls_otherFailure_keepsTheJdkMessage() {
    CloseVerdict v = CloseVerdict.of(-1, "", new SSLException("Unsupported or unrecognized SSL "
        + "message"), "GEMINI_API_KEY");
    assertEquals("TLS failed: Unsupported or unrecognized SSL message; check the clock and the "
        + "network", v.explanation());
    assertEquals(true, v.retry());
  }

  /** code | reason | retry | keepHandle | immediate | explanation: one row per kind of close. */
  @ParameterizedTest(name = "{0} {1}")
  @CsvSource(delimiter = '|', quoteCharacter = '`', textBlock = """
      1000 | ``                   | true  | true  | true  | the service closed the connection (1000); resuming
      1001 | going away           | true  | true  | true  | the service closed the connection (1001); resuming
      1007 | bad                  | false | true  | false | the service rejected a message (1007: bad); check gemini.model and the gemini settings, or report a bug
      1008 | BidiGenerateContent session not found | true | false | true | the service no longer knows the session (1008: BidiGenerateContent session not found); starting a fresh session, earlier context is lost
      1008 | API key not valid. Please pass a valid API key. | false | true | false | the service refused the API key; check GEMINI_API_KEY in /etc/gemini-pi/env (close 1008)
      1008 | models/x is not found for API version v1beta | false | true | false | the model was not found (1008: models/x is not found for API version v1beta); check gemini.model, e.g. "models/gemini-3.8-live"
      1008 | quota policy         | true  | true  | false | the service refused an operation (1008: quota policy); reconnecting
      1009 | ``                   | true  | true  | false | a message from the service was over 16 MiB (1009); reconnecting
      1011 | Internal error.      | true  | true  | false | service error (1011: Internal error.); reconnecting
      1006 | ``                   | true  | true  | false | connection lost (1006); reconnecting
      -1   | Invalid status code received: 401 Unauthorized | false | true | false | the service refused the API key; check GEMINI_API_KEY in /etc/gemini-pi/env (HTTP 401)
      -1   | Invalid status code received: 404 Not Found | false | true | false | the endpoint has no Live service at that path (HTTP 404); check gemini.endpoint
      -1   | Invalid status code received: 429 Too Many | true | true | false | the service says the quota is used up (HTTP 429); wait, or check the plan and rate limits of the key's project in Google AI Studio; retrying later
      -1   | Invalid status code received: 503 Unavailable | true | true | false | the service is unavailable (HTTP 503); retrying
      """)
  void of_eachKindOfClose_hasItsVerdict(int code, String reason, boolean retry,
      boolean keepHandle, boolean immediate, String explanation) {
    assertEquals(new CloseVerdict(retry, keepHandle, immediate, explanation),
        CloseVerdict.of(code, reason, null, "GEMINI_API_KEY"));
  }

  @Test
  void factories_nameTheirFlags() {
    assertEquals(new CloseVerdict(true, true, true, "r"), CloseVerdict.resume("r"));
    assertEquals(new CloseVerdict(true, false, true, "f"), CloseVerdict.freshSession("f"));
    assertEquals(new CloseVerdict(true, true, false, "b"), CloseVerdict.backoff("b"));
    assertEquals(new CloseVerdict(false, true, false, "x"), CloseVerdict.fatal("x"));
  }
}
