package dev.geminipi.tools;

import dev.geminipi.config.ToolConfig.Confirmation;

/**
 * One action asking the gate for its confirmation: exactly this tool with exactly these
 * arguments, from {@code source} ("model"; later "mqtt", "mcp:NAME").
 *
 * @param id the asker's id for the call, so it can withdraw it
 * @param args the arguments as JSON, compared as text: a yes is for these and no others
 */
record ConfirmRequest(String id, String source, String tool, String args, int pin,
    Confirmation confirmation) {
  boolean sameAction(ConfirmRequest o) {
    return source.equals(o.source) && tool.equals(o.tool) && args.equals(o.args);
  }
}
