package dev.geminipi.tools;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The audit trail: one INFO line per tool call, per pin the daemon moves by itself
 * (maxOnSec, hangup, shutdown) and per outcome of a confirmation, so an owner can see in the
 * journal who moved what and who allowed it. The lines are public surface (STYLE 25): tests
 * pin them and owners grep them.
 */
final class Audit {
  private static final Logger log = LoggerFactory.getLogger(Audit.class);

  private Audit() {
  }

  /**
   * @param args the call's arguments as JSON, or why the daemon moved the pin itself
   * @param level the pin's physical level afterwards: high, low, a duty cycle, or unknown
   * @param result the JSON answered, or what happened when there is no answer
   */
  static void line(String tool, String args, int pin, String level, String result) {
    log.info("tool={} args={} pin={} level={} result={}", tool, args, pin, level, result);
  }

  /**
   * One outcome of a confirmation: asked, confirmed, refused, expired or cancelled.
   *
   * @param why what the daemon observed or missed, in words
   */
  static void confirmation(ConfirmRequest r, String outcome, String why) {
    log.info("tool={} args={} pin={} source={} confirm={} outcome={} why={}", r.tool(),
        r.args(), r.pin(), r.source(),
        r.confirmation().kind().name().toLowerCase(java.util.Locale.ROOT), outcome, why);
  }
}
