package dev.geminipi.tools;

import dev.geminipi.live.FunctionDeclaration;
import dev.geminipi.live.ServerEvent;
import java.util.List;

/**
 * Tools that are not the owner's pins (an MCP server's), declared next to them and called
 * through this instead of the {@link ToolRouter}. Each call gets exactly one response unless
 * it is cancelled, as for pins.
 */
public interface ToolSource extends AutoCloseable {
  /** No tools beyond the pins: nothing declared, nothing claimed. */
  ToolSource NONE = new ToolSource() {
    @Override
    public List<FunctionDeclaration> declarations() {
      return List.of();
    }

    @Override
    public boolean declares(String name) {
      return false;
    }

    @Override
    public void call(ServerEvent.FunctionCall fc) {
      throw new IllegalStateException("no tool source declares " + fc.name());
    }

    @Override
    public void cancel(List<String> ids) {
    }

    @Override
    public void close() {
    }
  };

  /** The declarations for a session being set up; that session's calls use this list. */
  List<FunctionDeclaration> declarations();

  /** True when a call of {@code name} goes here; the list of the latest session decides. */
  boolean declares(String name);

  /** Starts the call off the caller's thread. */
  void call(ServerEvent.FunctionCall fc);

  /** The model no longer wants these; those that are ours get no response. */
  void cancel(List<String> ids);

  @Override
  void close();
}
