package dev.geminipi.mcp;

/**
 * A request to an MCP server that did not give a result. The message says what happened in
 * words an owner (and the model) can act on; {@link #kind} says whether trying again can help.
 */
class McpException extends Exception {
  /** Why no result came. */
  enum Kind {
    /** No connection, or it broke: the server may be back soon. */
    UNREACHABLE(true),
    /** No answer within timeoutMs; the server may still have done it. */
    TIMEOUT(true),
    /** 401 or 403: the token is missing, wrong or expired. */
    UNAUTHORIZED(false),
    /** An answer that is not MCP (HTTP error, malformed JSON, wrong shape). */
    PROTOCOL(false),
    /** A JSON-RPC error object: the server refused the request as asked. */
    REFUSED(false);

    final boolean retryable;

    Kind(boolean retryable) {
      this.retryable = retryable;
    }
  }

  private final Kind kind;

  McpException(Kind kind, String message) {
    super(message);
    this.kind = kind;
  }

  Kind kind() {
    return kind;
  }
}
