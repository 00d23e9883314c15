package dev.geminipi.conversation;

import com.eclipsesource.json.JsonObject;
import java.util.function.LongSupplier;

/**
 * The {@code status} reply: the conversation's state beside the counters of the parts around
 * it. Field names are public surface (the CLI, Home Assistant and the README read them).
 */
final class StatusReport {
  private final SessionPort session;
  private final MicRouter mic;
  private final Ports.Actuators tools;
  private final Ports.Playback playback;
  private final EventQueue queue;
  private final LongSupplier nanoTime;
  private final long startNanos;

  StatusReport(SessionPort session, MicRouter mic, Ports.Actuators tools,
      Ports.Playback playback, EventQueue queue, LongSupplier nanoTime) {
    this.session = session;
    this.mic = mic;
    this.tools = tools;
    this.playback = playback;
    this.queue = queue;
    this.nanoTime = nanoTime;
    this.startNanos = nanoTime.getAsLong();
  }

  JsonObject json(Conversation.State state, String sessionId, String lastError) {
    return new JsonObject()
        .add("ok", true)
        .add("state", Conversation.name(state))
        .add("connected", session.isReady())
        .add("sessionId", sessionId)
        .add("lastError", lastError)
        .add("uptimeSec", (nanoTime.getAsLong() - startNanos) / 1_000_000_000L)
        .add("outputs", tools.status())
        .add("micChunksSent", mic.sentChunks())
        .add("micClippedSamples", mic.clippedSamples())
        .add("micAudioDropped", session.droppedAudio())
        .add("reconnects", session.reconnects())
        .add("playback", playback.stats())
        .add("droppedEvents", queue.dropped());
  }
}
