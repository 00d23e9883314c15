package dev.geminipi.tools;

import dev.geminipi.tools.Answers.Answer;

/**
 * What the user answered to a question the model asked, from the two transcriptions. Words
 * the user says before the model has spoken again after the call are still the request
 * itself ("open it, yes"), not an answer; the model's own words never count. Within one
 * utterance the whole text so far decides, since fragments arrive piece by piece; across
 * utterances the latest clear answer wins ("yes" … "no, wait" is a no). Guarded by the
 * gate's lock.
 */
final class SpokenAnswer {
  private boolean modelSpoke;
  private final StringBuilder utterance = new StringBuilder();
  private Answer current = Answer.UNCLEAR;
  private Answer settled = Answer.UNCLEAR;
  private String settledWords = "";

  void userSaid(String text) {
    if (!modelSpoke) {
      return;
    }
    utterance.append(text);
    current = Answers.of(utterance.toString());
  }

  /** The model spoke: what the user said so far is settled, their next words a new answer. */
  void modelSaid(String text) {
    if (text.isBlank()) {
      return;
    }
    modelSpoke = true;
    if (current != Answer.UNCLEAR) {
      settled = current;
      settledWords = utterance.toString().strip();
    }
    utterance.setLength(0);
    current = Answer.UNCLEAR;
  }

  /** The latest clear answer: this utterance's, else an earlier one's. */
  Answer answer() {
    return current != Answer.UNCLEAR ? current : settled;
  }

  /** The words of {@link #answer}, for the audit line. */
  String words() {
    return current != Answer.UNCLEAR ? utterance.toString().strip() : settledWords;
  }
}
