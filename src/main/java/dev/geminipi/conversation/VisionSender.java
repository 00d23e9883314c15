package dev.geminipi.conversation;

import dev.geminipi.live.FunctionResponse;
import java.util.List;
import java.util.function.Predicate;

/**
 * Where {@link Vision} sends frames and results. A LiveSession fits as
 * {@code VisionSender.of(session::sendVideo, session::sendToolResponse)}; both only queue and
 * return false once the session is closed.
 */
public interface VisionSender {
  boolean sendVideo(byte[] jpeg);

  boolean sendToolResponse(List<FunctionResponse> responses);

  static VisionSender of(Predicate<byte[]> video, Predicate<List<FunctionResponse>> toolResponse) {
    return new VisionSender() {
      @Override
      public boolean sendVideo(byte[] jpeg) {
        return video.test(jpeg);
      }

      @Override
      public boolean sendToolResponse(List<FunctionResponse> responses) {
        return toolResponse.test(responses);
      }
    };
  }
}
