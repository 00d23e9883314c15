package dev.geminipi.config;

import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;

/**
 * What each Live model takes and how it runs function calls: the one table a model id picks
 * its rules from (docs/live-models.md has the same table with its sources). An id that is not
 * in the table gets the newest rules, and the loader warns about it.
 */
public enum LiveModel {
  GEMINI_2_5("gemini-2.5-flash-native-audio", EnumSet.of(SetupField.LANGUAGE_CODE,
      SetupField.FUNCTION_BEHAVIOR), Calls.BLOCKING_BY_DEFAULT, true),
  GEMINI_3_1("gemini-3.1-flash-live", EnumSet.of(SetupField.LANGUAGE_CODE),
      Calls.BLOCKING_ONLY, false),
  GEMINI_3_8("gemini-3.8-live", EnumSet.of(SetupField.TURN_COVERAGE,
      SetupField.FUNCTION_BEHAVIOR), Calls.NON_BLOCKING_BY_DEFAULT, true);

  /** The newest rules: for ids the table does not know. */
  public static final LiveModel NEWEST = GEMINI_3_8;

  /** Refused by the loader: it takes only non-blocking calls and ends turns differently. */
  public static final String EXTENDED_THINKING = "gemini-3.8-live-extended-thinking";

  /** Optional setup fields; a model gets only those it takes (the others close with 1007). */
  public enum SetupField {
    /** {@code speechConfig.languageCode}: undocumented on 3.8, so not sent there. */
    LANGUAGE_CODE,
    /** {@code realtimeInputConfig.turnCoverage}, sent explicitly where the default changed. */
    TURN_COVERAGE,
    /** {@code functionDeclarations[].behavior}: models without it run every call blocking. */
    FUNCTION_BEHAVIOR
  }

  /** How the model runs a function call while it waits for the answer. */
  public enum Calls {
    /** The model waits for every answer (3.1): behaviors are not sent, every call blocks. */
    BLOCKING_ONLY,
    /** Both, blocking unless a declaration says otherwise. */
    BLOCKING_BY_DEFAULT,
    /** Both, non-blocking unless a declaration says otherwise: its turn ends at toolCall. */
    NON_BLOCKING_BY_DEFAULT
  }

  private final String prefix;
  private final Set<SetupField> setupFields;
  private final Calls calls;
  private final boolean clientContentAfterStart;

  LiveModel(String prefix, Set<SetupField> setupFields, Calls calls,
      boolean clientContentAfterStart) {
    this.prefix = prefix;
    this.setupFields = setupFields;
    this.calls = calls;
    this.clientContentAfterStart = clientContentAfterStart;
  }

  /** The rules of a model id, with or without {@code models/}; empty when none fits. */
  public static Optional<LiveModel> find(String model) {
    String id = model.substring(model.lastIndexOf('/') + 1);
    if (id.startsWith(EXTENDED_THINKING)) {
      return Optional.empty();
    }
    for (LiveModel m : values()) {
      if (id.startsWith(m.prefix)) {
        return Optional.of(m);
      }
    }
    return Optional.empty();
  }

  /** The rules of a model id: its own, or the newest. */
  public static LiveModel of(String model) {
    return find(model).orElse(NEWEST);
  }

  public boolean takes(SetupField field) {
    return setupFields.contains(field);
  }

  public Calls calls() {
    return calls;
  }

  /** Text turns with a role may go in mid-session ({@code clientContent}); 3.1 closes on them. */
  public boolean clientContentAfterStart() {
    return clientContentAfterStart;
  }

  /** What a call declared with this behavior really does on this model. */
  public ToolConfig.Behavior effective(ToolConfig.Behavior declared) {
    return calls == Calls.BLOCKING_ONLY ? ToolConfig.Behavior.BLOCKING : declared;
  }
}
