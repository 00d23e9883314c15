package dev.geminipi.config;

/**
 * The {@code led} section: a status LED that shows the conversation state.
 *
 * @param pwm dim smoothly through hardware PWM (GPIO 12, 13, 18 or 19) instead of blink codes
 */
public record LedConfig(int pin, boolean activeHigh, boolean pwm) {
}
