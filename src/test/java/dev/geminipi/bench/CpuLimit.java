package dev.geminipi.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The starved CPU of issue 16 point 3: the daemon alone in a cgroup with a CPU quota (what
 * systemd's CPUQuota= sets: cgroup v2 cpu.max, or v1 cpu.cfs_quota_us where only v1 is
 * mounted), optionally pinned to some cores with taskset. The daemon's own process enters the
 * cgroup before it execs java, so every thread it starts is limited, and nothing else is.
 * Needs root (or a delegated cgroup).
 */
final class CpuLimit implements AutoCloseable {
  private static final Path V2 = Path.of("/sys/fs/cgroup");
  private static final Path V1 = Path.of("/sys/fs/cgroup/cpu");

  private final Path group;
  private final String cpus;

  private CpuLimit(Path group, String cpus) {
    this.group = group;
    this.cpus = cpus;
  }

  static CpuLimit create(PythonComparison.Options o) throws IOException {
    if (o.cpuQuotaPct() <= 0) {
      return new CpuLimit(null, o.cpus());
    }
    long periodUs = o.cpuPeriodMs() * 1000L;
    long quotaUs = periodUs * o.cpuQuotaPct() / 100;
    String name = "gp-compare-" + ProcessHandle.current().pid();
    Path group;
    if (Files.exists(V2.resolve("cgroup.controllers"))) {
      try {
        Files.writeString(V2.resolve("cgroup.subtree_control"), "+cpu");
      } catch (IOException e) {
        // already on, or not ours to change: cpu.max below says which
      }
      group = Files.createDirectories(V2.resolve(name));
      Files.writeString(group.resolve("cpu.max"), quotaUs + " " + periodUs);
    } else {
      group = Files.createDirectories(V1.resolve(name));
      Files.writeString(group.resolve("cpu.cfs_period_us"), Long.toString(periodUs));
      Files.writeString(group.resolve("cpu.cfs_quota_us"), Long.toString(quotaUs));
    }
    System.out.printf("daemon CPU limit: %d %% of one core (%d us every %d us) in cgroup %s%s%n",
        o.cpuQuotaPct(), quotaUs, periodUs, group, o.cpus().isEmpty() ? ""
            : ", on CPUs " + o.cpus());
    return new CpuLimit(group, o.cpus());
  }

  /** The command that puts itself into the cgroup (and onto the cores), then execs this one. */
  List<String> wrap(List<String> command) {
    List<String> wrapped = new ArrayList<>();
    if (group != null) {
      wrapped.addAll(List.of("sh", "-c", "echo $$ > \"$0\" && exec \"$@\"",
          group.resolve("cgroup.procs").toString()));
    }
    if (!cpus.isEmpty()) {
      wrapped.addAll(List.of("taskset", "-c", cpus));
    }
    wrapped.addAll(command);
    return wrapped;
  }

  /** Throttled periods and time, from the cgroup's cpu.stat. */
  String throttling() throws IOException {
    if (group == null) {
      return "";
    }
    return String.join(", ", Files.readAllLines(group.resolve("cpu.stat")).stream()
        .filter(l -> l.startsWith("nr_") || l.startsWith("throttled")).toList());
  }

  /**
   * Removes the cgroup once the daemon has left it: after a failed run it may still be exiting
   * (a cgroup with a process in it cannot be removed), so this waits for that up to 10 s.
   */
  @Override
  public void close() throws IOException, InterruptedException {
    if (group == null) {
      return;
    }
    System.out.println("cgroup " + group + " cpu.stat: " + throttling());
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (!Files.readString(group.resolve("cgroup.procs")).isBlank()
        && System.nanoTime() < deadline) {
      Thread.sleep(100);
    }
    try {
      Files.delete(group);
    } catch (IOException e) {
      System.out.println("could not remove " + group + ": " + e.getMessage());
    }
  }
}
