package dev.geminipi.mcp;

import com.eclipsesource.json.JsonObject;

/** One tool as a server lists it: its own name, description and JSON Schema for arguments. */
record McpTool(String name, String description, JsonObject inputSchema) {
}
