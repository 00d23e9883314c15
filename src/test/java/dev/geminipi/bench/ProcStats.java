package dev.geminipi.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.stream.Stream;

/** CPU time and memory of one process, read from /proc as proc(5) describes. */
final class ProcStats {
  /** One reading: CPU seconds (user+sys) and resident set in KiB. */
  record Sample(long nanos, double cpuSec, long rssKb) {
  }

  private final long pid;
  private final long clkTck;

  ProcStats(long pid, long clkTck) {
    this.pid = pid;
    this.clkTck = clkTck;
  }

  /** The kernel's clock ticks per second, in which /proc/PID/stat counts CPU time. */
  static long clockTicks() throws IOException, InterruptedException {
    Process p = new ProcessBuilder("getconf", "CLK_TCK").start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
    p.waitFor();
    return Long.parseLong(out);
  }

  long pid() {
    return pid;
  }

  /** utime + stime: fields 14 and 15 of /proc/PID/stat, counted after the ")" of the name. */
  double cpuSec() throws IOException {
    String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
    String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
    return (Long.parseLong(f[11]) + Long.parseLong(f[12])) / (double) clkTck;
  }

  long rssKb() throws IOException {
    return statusKb("VmRSS");
  }

  /** The peak resident set so far. */
  long hwmKb() throws IOException {
    return statusKb("VmHWM");
  }

  /** A "Name:   123 kB" line of /proc/PID/status. */
  long statusKb(String name) throws IOException {
    for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
      if (line.startsWith(name + ":")) {
        return Long.parseLong(line.substring(name.length() + 1).replace("kB", "").strip());
      }
    }
    throw new IOException("no " + name + " in /proc/" + pid + "/status");
  }

  /**
   * CPU seconds of the live threads by name (comm, cut to 15 characters by Linux), with how many
   * share it: native threads inherit the name of the thread that started them.
   */
  Map<String, Double> threadCpuSec() throws IOException {
    Map<String, Double> sec = new HashMap<>();
    Map<String, Integer> count = new HashMap<>();
    try (Stream<Path> tasks = Files.list(Path.of("/proc", Long.toString(pid),
        "task"))) {
      for (Path task : tasks.toList()) {
        try {
          String name = Files.readString(task.resolve("comm")).strip();
          String stat = Files.readString(task.resolve("stat"));
          String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
          double cpu = (Long.parseLong(f[11]) + Long.parseLong(f[12])) / (double) clkTck;
          sec.merge(name, cpu, Double::sum);
          count.merge(name, 1, Integer::sum);
        } catch (IOException e) {
          // the thread ended while we looked
        }
      }
    }
    Map<String, Double> out = new HashMap<>();
    sec.forEach((name, cpu) -> out.put(count.get(name) > 1 ? name + " (x" + count.get(name) + ")"
        : name, cpu));
    return out;
  }

  Sample sample() throws IOException {
    return new Sample(System.nanoTime(), cpuSec(), rssKb());
  }
}
