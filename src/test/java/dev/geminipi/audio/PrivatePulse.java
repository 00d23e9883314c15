package dev.geminipi.audio;

import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

// A private PulseAudio server for tests that need a clock (DESIGN "How we test"): its own runtime
// directory and socket, no modules but a pipe sink paced by the system clock and the native protocol,
// stopped in close(). The sink's FIFO is read all the time, so the recording is what the "speaker"
// actually rendered, 48 kHz stereo s16le.
final class PrivatePulse implements AutoCloseable {

    static final int RATE_HZ = 48_000;
    static final int FRAME_BYTES = 4;

    private final Process process;
    private final Path dir;
    private final Thread reader;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition grew = lock.newCondition();
    private final ByteArrayOutputStream recording = new ByteArrayOutputStream();

    private PrivatePulse(Process process, Path dir) {
        this.process = process;
        this.dir = dir;
        this.reader = Thread.ofPlatform().name("pulse-sink-reader").daemon(true).start(this::read);
    }

    static PrivatePulse start(Path dir) {
        try {
            Files.createDirectories(dir.resolve("home"));
            Path runtime = dir.resolve("runtime");
            Files.createDirectories(runtime);
            Files.setPosixFilePermissions(runtime, PosixFilePermissions.fromString("rwx------"));
            Files.deleteIfExists(dir.resolve("sink.fifo"));
            Files.deleteIfExists(dir.resolve("native"));
            Files.writeString(dir.resolve("default.pa"), String.join("\n", List.of(
                    "load-module module-pipe-sink sink_name=gp_sink file=" + dir.resolve("sink.fifo")
                            + " format=s16le rate=" + RATE_HZ + " channels=2 use_system_clock_for_timing=yes",
                    "load-module module-native-protocol-unix auth-anonymous=1 socket=" + dir.resolve("native"),
                    "set-default-sink gp_sink", "")));
            ProcessBuilder pb = new ProcessBuilder("pulseaudio", "-n", "--daemonize=no", "--exit-idle-time=-1",
                    "--use-pid-file=no", "-F", dir.resolve("default.pa").toString(), "--log-target=stderr",
                    "--log-level=info").redirectOutput(ProcessBuilder.Redirect.DISCARD);
            Map<String, String> env = pb.environment();
            env.put("HOME", dir.resolve("home").toString());
            env.put("XDG_RUNTIME_DIR", runtime.toString());
            env.put("XDG_CONFIG_HOME", dir.resolve("home").toString());
            env.remove("DBUS_SESSION_BUS_ADDRESS");
            env.remove("DISPLAY");
            env.remove("PULSE_SERVER");
            Process p;
            try {
                p = pb.start();
            } catch (IOException e) {
                throw new IllegalStateException("the playback timing tests run a private PulseAudio, and pulseaudio "
                        + "did not start (" + e.getMessage() + "); install it with 'sudo apt-get install pulseaudio "
                        + "libasound2-plugins' (.ci/run does this)", e);
            }
            awaitStartup(p);
            return new PrivatePulse(p, dir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    // Blocks on the daemon's log until it says it is up, or fails with its last lines if it exits.
    private static void awaitStartup(Process p) throws IOException {
        BufferedReader log = new BufferedReader(new InputStreamReader(p.getErrorStream(), StandardCharsets.UTF_8));
        StringBuilder tail = new StringBuilder();
        String line;
        while ((line = log.readLine()) != null) {
            tail.append(line).append('\n');
            if (line.contains("Daemon startup complete")) {
                Thread.ofVirtual().start(() -> drain(log));
                return;
            }
        }
        throw new IllegalStateException("pulseaudio exited during startup:\n" + tail);
    }

    private static void drain(BufferedReader log) {
        try {
            while (log.readLine() != null) {
                // keep the pipe from filling; the daemon's log is not needed
            }
        } catch (IOException e) {
            // the daemon is gone
        }
    }

    /** The address for ALSA's pulse plugin ({@code server} in a pcm of type pulse). */
    String server() {
        return "unix:" + dir.resolve("native");
    }

    private void read() {
        byte[] block = new byte[4_096];
        try (InputStream in = Files.newInputStream(dir.resolve("sink.fifo"))) {
            int n;
            while ((n = in.read(block)) > 0) {
                lock.lock();
                try {
                    recording.write(block, 0, n);
                    grew.signalAll();
                } finally {
                    lock.unlock();
                }
            }
        } catch (IOException e) {
            // the daemon stopped
        }
    }

    /** Bytes rendered so far. */
    int recordedBytes() {
        lock.lock();
        try {
            return recording.size();
        } finally {
            lock.unlock();
        }
    }

    /** Waits until at least {@code bytes} have been rendered; fails after {@code timeoutMs}. */
    void awaitRecorded(int bytes, long timeoutMs) {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMs);
        lock.lock();
        try {
            while (recording.size() < bytes) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    throw new AssertionError("the sink rendered " + recording.size() + " of " + bytes + " bytes within "
                            + timeoutMs + " ms");
                }
                grew.awaitNanos(left);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted");
        } finally {
            lock.unlock();
        }
    }

    /**
     * Waits until the left channel holds {@code frames} frames louder than {@code level} after byte
     * {@code fromByte}; fails after {@code timeoutMs}.
     */
    void awaitSound(int fromByte, int frames, int level, long timeoutMs) {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMs);
        int loud = 0;
        int scanned = fromByte;
        lock.lock();
        try {
            while (true) {
                byte[] b = recording.toByteArray();
                for (; scanned + FRAME_BYTES <= b.length; scanned += FRAME_BYTES) {
                    if (Math.abs((short) ((b[scanned] & 0xFF) | b[scanned + 1] << 8)) > level) {
                        loud++;
                    }
                }
                if (loud >= frames) {
                    return;
                }
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    throw new AssertionError("the sink rendered " + loud + " of " + frames + " loud frames within "
                            + timeoutMs + " ms");
                }
                grew.awaitNanos(left);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted");
        } finally {
            lock.unlock();
        }
    }

    byte[] recording() {
        lock.lock();
        try {
            return recording.toByteArray();
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
            reader.join(2_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
