package dev.geminipi.config;

import com.eclipsesource.json.Json;
import com.eclipsesource.json.JsonValue;
import com.eclipsesource.json.ParseException;
import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * Reads the config file into {@link Config}. Every error is collected and reported as
 * {@code config.json: json.path: problem; fix}; soft problems become warnings.
 */
public final class ConfigLoader {
  private final Consumer<String> warnings;

  /** @param warnings receives one line per soft problem (a value replaced by its default) */
  public ConfigLoader(Consumer<String> warnings) {
    this.warnings = warnings;
  }

  public Config load(Path file) throws ConfigException {
    String name = file.getFileName() == null ? file.toString() : file.getFileName().toString();
    String text;
    try {
      byte[] bytes = Files.readAllBytes(file);
      text = StandardCharsets.UTF_8.newDecoder().decode(java.nio.ByteBuffer.wrap(bytes)).toString();
    } catch (NoSuchFileException e) {
      throw new ConfigException(List.of(file + ": no such file; copy config/config.example.json "
          + "there, or pass --config PATH"));
    } catch (CharacterCodingException e) {
      throw new ConfigException(List.of(file + ": not UTF-8 text; save the file as UTF-8"));
    } catch (IOException e) {
      throw new ConfigException(List.of(file + ": cannot be read (" + e.getMessage()
          + "); check its permissions"));
    }
    return parse(text, name);
  }

  /** Parses config text; {@code name} is what messages call the file. */
  public Config parse(String text, String name) throws ConfigException {
    JsonValue root;
    try {
      root = Json.parse(text);
    } catch (ParseException e) {
      throw new ConfigException(List.of(name + ":" + e.getLocation().line + ":"
          + e.getLocation().column + ": " + syntaxHint(e)));
    }
    if (!root.isObject()) {
      throw new ConfigException(List.of(name + ": the file must hold one JSON object in braces "
          + "{ }, e.g. {}"));
    }
    Problems problems = new Problems();
    Config config = Sections.read(new Node("", root.asObject(), problems));
    List<String> errors = new ArrayList<>();
    for (String e : problems.errors()) {
      errors.add(name + ": " + e);
    }
    if (!errors.isEmpty()) {
      throw new ConfigException(errors);
    }
    for (String w : problems.warnings()) {
      warnings.accept(name + ": " + w);
    }
    return config;
  }

  private static String syntaxHint(ParseException e) {
    // minimal-json ends its messages with " at line:col"; the location is already in front.
    String m = e.getMessage().replaceFirst(" at \\d+:\\d+$", "");
    if (m.startsWith("Unexpected end of input")) {
      return m + "; a closing } or ] is missing";
    }
    return m + " (is a comma or a quote missing?)";
  }
}
