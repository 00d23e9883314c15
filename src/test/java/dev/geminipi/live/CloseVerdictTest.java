package dev.geminipi.live;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.security.cert.CertPathValidatorException;
import java.security.cert.CertificateExpiredException;
import java.security.cert.CertificateNotYetValidException;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLHandshakeException;
import org.junit.jupiter.api.Test;

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
}
