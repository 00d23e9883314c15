package dev.geminipi.tools;

import dev.geminipi.live.FunctionDeclaration;
import dev.geminipi.live.ServerEvent;
import java.util.ArrayList;
import java.util.List;

/** Several {@link ToolSource}s as one (MQTT actions and MCP servers), in the given order. */
public final class ToolSources implements ToolSource {
  private final List<ToolSource> sources;

  private ToolSources(List<ToolSource> sources) {
    this.sources = sources;
  }

  /** The sources that are not {@link ToolSource#NONE}, as one; NONE when none is left. */
  public static ToolSource of(ToolSource... sources) {
    List<ToolSource> some = new ArrayList<>();
    for (ToolSource s : sources) {
      if (s != ToolSource.NONE) {
        some.add(s);
      }
    }
    return switch (some.size()) {
      case 0 -> ToolSource.NONE;
      case 1 -> some.get(0);
      default -> new ToolSources(List.copyOf(some));
    };
  }

  @Override
  public List<FunctionDeclaration> declarations() {
    List<FunctionDeclaration> all = new ArrayList<>();
    sources.forEach(s -> all.addAll(s.declarations()));
    return all;
  }

  @Override
  public boolean declares(String name) {
    return sources.stream().anyMatch(s -> s.declares(name));
  }

  /** The first source that declares the name takes the call. */
  @Override
  public void call(ServerEvent.FunctionCall fc) {
    for (ToolSource s : sources) {
      if (s.declares(fc.name())) {
        s.call(fc);
        return;
      }
    }
    ToolSource.NONE.call(fc);
  }

  @Override
  public void cancel(List<String> ids) {
    sources.forEach(s -> s.cancel(ids));
  }

  @Override
  public void close() {
    sources.forEach(ToolSource::close);
  }
}
