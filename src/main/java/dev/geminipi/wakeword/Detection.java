package dev.geminipi.wakeword;

import java.util.Optional;

/**
 * One wake word heard.
 *
 * @param word the classifier's file name without {@code .onnx} and version, e.g.
 *     {@code hey_jarvis} for {@code hey_jarvis_v0.1.onnx}
 * @param prompt the trigger's prompt, to be sent when this word starts a conversation
 * @param score the classifier's score (0..1) that crossed the threshold
 */
public record Detection(String word, Optional<String> prompt, float score) {
}
