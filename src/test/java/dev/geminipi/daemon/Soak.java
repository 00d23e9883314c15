package dev.geminipi.daemon;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * The soak (issue 7, point 3): a thousand conversations and a hundred reconnects in one
 * process, time-compressed, and the process's footprint sampled every hundred conversations.
 * It fails (exit 1) on the first conversation that goes wrong, on any ERROR line, and when
 * the end figures exceed the start by more than {@link #GROWTH}. Run it with bench/soak.sh.
 *
 * <pre>
 * Soak [--conversations N] [--every N] [--warmup N] [--dir PATH] [--histograms]
 * </pre>
 * {@code --histograms} also writes the live objects by class at every sample, to
 * {@code histogram-N.txt} in the directory, for finding what a growing heap holds.
 */
public final class Soak {
  /**
   * What the end may exceed the start by. Platform and virtual threads +2: the JDK's own pools
   * (virtual thread carriers, the process reaper) grow and shrink by one or two on their own
   * keep-alive timers; a thread left behind per conversation or per reconnect would add
   * hundreds. Fds +5: the control socket's server side closes its end on a virtual thread a
   * moment after the reply, and a sample may catch one or two in flight; one per conversation
   * would add a thousand. Heap +512 KiB of live objects: samples of one run differ by about
   * 30 KiB, and half a KiB kept per conversation fails.
   */
  static final Footprint GROWTH = new Footprint(512L << 10, 2, 2, 5);

  private record Options(int conversations, int every, int warmUp, Path dir,
      boolean histograms) {
    static Options parse(String[] args) {
      int conversations = 1000;
      int every = 100;
      int warmUp = 40;
      Path dir = Path.of("target", "soak");
      boolean histograms = false;
      List<String> rest = new ArrayList<>(List.of(args));
      if (rest.remove("--histograms")) {
        histograms = true;
        args = rest.toArray(String[]::new);
      }
      for (int i = 0; i + 1 < args.length; i += 2) {
        switch (args[i]) {
          case "--conversations" -> conversations = Integer.parseInt(args[i + 1]);
          case "--every" -> every = Integer.parseInt(args[i + 1]);
          case "--warmup" -> warmUp = Integer.parseInt(args[i + 1]);
          case "--dir" -> dir = Path.of(args[i + 1]);
          default -> throw new IllegalArgumentException("unknown option " + args[i]
              + "; use --conversations N --every N --warmup N --dir PATH --histograms");
        }
      }
      if (args.length % 2 != 0) {
        throw new IllegalArgumentException("option " + args[args.length - 1] + " needs a value");
      }
      return new Options(conversations, every, warmUp, dir, histograms);
    }
  }

  private Soak() {
  }

  public static void main(String[] args) throws Exception {
    Options o;
    try {
      o = Options.parse(args);
    } catch (IllegalArgumentException e) {
      System.out.println("soak: " + e.getMessage()); // stderr is the daemon's log
      System.exit(2);
      return;
    }
    System.exit(run(o, System.out));
  }

  private static int run(Options o, PrintStream out) throws Exception {
    long t0 = System.nanoTime();
    try (SoakRig rig = SoakRig.start(o.dir())) {
      List<String> failures = new ArrayList<>();
      try {
        // Classes loaded, code compiled, pools and buffers at their working size.
        Conversations warmUp = new Conversations(rig.server, rig.log, rig.socket);
        for (Plan p : Plan.warmUp(o.warmUp())) {
          warmUp.run(p);
        }
        out.printf(Locale.ROOT, "warm-up: %d conversations in %.1f s%n", o.warmUp() + 1,
            seconds(t0));
        Conversations conversations = new Conversations(rig.server, rig.log, rig.socket);
        long start = System.nanoTime();
        Footprint first = Footprint.measure(o.dir(), Conversations.STEP.toMillis());
        out.println("| conversations | reconnects | s | heap after GC, MiB | platform threads "
            + "| virtual threads | open fds |");
        out.println("|---|---|---|---|---|---|---|");
        row(out, 0, 0, start, first);
        if (o.histograms()) {
          Footprint.histogram(o.dir().resolve("histogram-0.txt"));
        }
        Footprint last = first;
        for (int i = 0; i < o.conversations(); i++) {
          conversations.run(Plan.of(i));
          if ((i + 1) % o.every() == 0 || i + 1 == o.conversations()) {
            last = Footprint.measure(o.dir(), Conversations.STEP.toMillis());
            row(out, i + 1, conversations.resumed(), start, last);
            if (o.histograms()) {
              Footprint.histogram(o.dir().resolve("histogram-" + (i + 1) + ".txt"));
            }
          }
        }
        out.printf(Locale.ROOT, "%d conversations (%s), %d reconnects resumed, in %.1f s%n",
            o.conversations(), conversations.done(), conversations.resumed(),
            seconds(start));
        failures.addAll(growth(first, last));
      } catch (SoakFailure e) {
        failures.add(e.getMessage());
        printStacks(out);
      }
      rig.log.errors().forEach(l -> failures.add("an ERROR line: " + l));
      out.printf(Locale.ROOT, "status: %s%nWARN lines: %d; ERROR lines: %d; wall time %.1f s%n",
          rig.device.status().get(5, TimeUnit.SECONDS), rig.log.warnings(),
          rig.log.errors().size(), seconds(t0));
      if (!failures.isEmpty()) {
        failures.forEach(f -> out.println("FAIL: " + f));
        return 1;
      }
      out.println("PASS: every conversation went as scripted and the footprint stayed flat");
      return 0;
    }
  }

  /** Where the daemon's own threads are, for a conversation that got stuck. */
  private static void printStacks(PrintStream out) {
    Thread.getAllStackTraces().forEach((t, stack) -> {
      if (t.getName().startsWith("audio-") || t.getName().equals("conversation")) {
        out.println("thread " + t.getName() + " (" + t.getState() + "):");
        for (StackTraceElement e : stack) {
          out.println("    at " + e);
        }
      }
    });
  }

  private static List<String> growth(Footprint start, Footprint end) {
    List<String> grew = new ArrayList<>();
    if (end.heapBytes() - start.heapBytes() > GROWTH.heapBytes()) {
      grew.add(String.format(Locale.ROOT, "heap after GC grew from %.2f to %.2f MiB (allowed +%d "
          + "KiB)", start.heapMiB(), end.heapMiB(), GROWTH.heapBytes() >> 10));
    }
    if (end.threads() - start.threads() > GROWTH.threads()) {
      grew.add("platform threads grew from " + start.threads() + " to " + end.threads()
          + " (allowed +" + GROWTH.threads() + ")");
    }
    if (end.virtualThreads() - start.virtualThreads() > GROWTH.virtualThreads()) {
      grew.add("virtual threads grew from " + start.virtualThreads() + " to "
          + end.virtualThreads() + " (allowed +" + GROWTH.virtualThreads() + ")");
    }
    if (end.fds() - start.fds() > GROWTH.fds()) {
      grew.add("open fds grew from " + start.fds() + " to " + end.fds() + " (allowed +"
          + GROWTH.fds() + ")");
    }
    return grew;
  }

  private static void row(PrintStream out, int conversations, int reconnects, long start,
      Footprint f) {
    out.printf(Locale.ROOT, "| %d | %d | %.0f | %.2f | %d | %d | %d |%n", conversations,
        reconnects, seconds(start), f.heapMiB(), f.threads(), f.virtualThreads(), f.fds());
    out.flush();
  }

  private static double seconds(long sinceNanos) {
    return (System.nanoTime() - sinceNanos) / 1e9;
  }
}
