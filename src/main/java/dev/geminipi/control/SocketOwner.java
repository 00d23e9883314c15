package dev.geminipi.control;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.SocketChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * Whether a process listens on a control socket path, and which. Liveness is a connect: a
 * stale file left by a killed daemon refuses it. The pid comes from Linux's own tables (the
 * socket's inode in /proc/net/unix, then the process holding that inode), because a Unix
 * socket's peer credentials in Java carry the user but not the pid.
 */
final class SocketOwner {
  private static final Path PROC = Path.of("/proc");

  private SocketOwner() {
  }

  /** True when something accepts connections on {@code socket}. */
  static boolean listening(Path socket) {
    if (!Files.exists(socket)) {
      return false;
    }
    try (SocketChannel probe = SocketChannel.open(StandardProtocolFamily.UNIX)) {
      probe.connect(UnixDomainSocketAddress.of(socket));
      return true;
    } catch (IOException e) {
      // "Connection refused" is a stale socket; anything else (not a socket, no access) is
      // not a listener we could talk to either, and the bind will say what is wrong.
      return false;
    }
  }

  /** The pid of the process listening on {@code socket}, when this user may see it. */
  static OptionalLong pid(Path socket) {
    try {
      OptionalLong inode = inode(socket);
      return inode.isPresent() ? holder("socket:[" + inode.getAsLong() + "]") : inode;
    } catch (IOException | RuntimeException e) {
      return OptionalLong.empty();
    }
  }

  private static OptionalLong inode(Path socket) throws IOException {
    String path = socket.toString();
    String absolute = socket.toAbsolutePath().normalize().toString();
    List<String> lines = Files.readAllLines(PROC.resolve("net/unix"));
    for (String line : lines.subList(Math.min(1, lines.size()), lines.size())) {
      // Num RefCount Protocol Flags Type St Inode Path; flag 0x10000 is "accepting".
      String[] f = line.trim().split("\\s+");
      if (f.length >= 8 && (f[7].equals(path) || f[7].equals(absolute))
          && (Long.parseLong(f[3], 16) & 0x10000) != 0) {
        return OptionalLong.of(Long.parseLong(f[6]));
      }
    }
    return OptionalLong.empty();
  }

  private static OptionalLong holder(String link) throws IOException {
    try (DirectoryStream<Path> procs = Files.newDirectoryStream(PROC, "[0-9]*")) {
      for (Path proc : procs) {
        if (holds(proc.resolve("fd"), link)) {
          return OptionalLong.of(Long.parseLong(proc.getFileName().toString()));
        }
      }
    }
    return OptionalLong.empty();
  }

  private static boolean holds(Path fds, String link) {
    try (DirectoryStream<Path> all = Files.newDirectoryStream(fds)) {
      for (Path fd : all) {
        try {
          if (Files.readSymbolicLink(fd).toString().equals(link)) {
            return true;
          }
        } catch (IOException e) {
          // closed while we looked
        }
      }
    } catch (IOException e) {
      // another user's process, or gone
    }
    return false;
  }

  /** Public surface (issue 12): the line a second daemon and {@code rest} refuse with. */
  static String inUseMessage(Path socket) {
    OptionalLong pid = pid(socket);
    return "another gemini-pi is running (" + (pid.isPresent() ? "pid " + pid.getAsLong()
        : "pid unknown") + ") on " + socket;
  }

  static Optional<String> inUse(Path socket) {
    return listening(socket) ? Optional.of(inUseMessage(socket)) : Optional.empty();
  }
}
