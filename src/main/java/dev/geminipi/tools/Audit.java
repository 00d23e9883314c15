package dev.geminipi.tools;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The audit trail: one INFO line per tool call and per pin the daemon moves by itself
 * (maxOnSec, hangup, shutdown), so an owner can see in the journal who moved what. The line
 * is public surface (STYLE 25): tests pin it and owners grep it.
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
}
