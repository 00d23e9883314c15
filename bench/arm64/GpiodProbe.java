import java.io.InputStream;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Loads Pi4J's bundled gpiod natives ({@code libgpiod.so}, {@code libpi4j-gpiod.so}) from the
 * gemini-pi jar and calls into them, on a machine that is not a Pi. Pi4J's own loader extracts
 * the libraries off-Pi but skips {@code System.load} ("board model is unknown",
 * docs/hardware.md §1.3); when {@code pi4j.library.path} names a directory it loads from
 * there unconditionally, so the probe extracts the jar's copies into one and points it there.
 * Run by bench/arm64-smoke.sh inside the arm64 root: {@code java -cp gemini-pi.jar:probe GpiodProbe}.
 */
public final class GpiodProbe {
  private static final String[] LIBRARIES = {"libgpiod.so", "libpi4j-gpiod.so"};

  private GpiodProbe() {
  }

  public static void main(String[] args) throws Exception {
    String arch = System.getProperty("os.arch");
    String dir = arch.equals("aarch64") || arch.equals("arm64") ? "aarch64" : "armhf";
    Path libs = Files.createTempDirectory("gpiod-probe");
    try {
      for (String lib : LIBRARIES) {
        String resource = "/lib/" + dir + "/pi4j-gpiod/" + lib;
        try (InputStream in = GpiodProbe.class.getResourceAsStream(resource)) {
          if (in == null) {
            System.out.println("FAIL: " + resource + " is not in the jar");
            System.exit(1);
          }
          Files.copy(in, libs.resolve(lib));
        }
      }
      System.setProperty("pi4j.library.path", libs.toString());
      // GpioD's static initializer loads both libraries through Pi4J's NativeLibraryLoader.
      Class<?> gpiod = Class.forName("com.pi4j.library.gpiod.internal.GpioD");
      System.out.println("loaded " + String.join(" and ", LIBRARIES) + " (os.arch=" + arch
          + ", from the jar's lib/" + dir + "/pi4j-gpiod)");
      System.out.println("gpio chips seen by libgpiod: " + countChips(gpiod));
      System.out.println("OK: Pi4J gpiod native library loaded and callable");
    } catch (UnsatisfiedLinkError | ExceptionInInitializerError e) {
      System.out.println("FAIL: " + e);
      System.exit(1);
    } finally {
      for (String lib : LIBRARIES) {
        Files.deleteIfExists(libs.resolve(lib));
      }
      Files.deleteIfExists(libs);
    }
  }

  /** Walks libgpiod's chip iterator: a JNI call into both libraries. */
  private static String countChips(Class<?> gpiod) throws ReflectiveOperationException {
    Method iterNew = method(gpiod, "chipIterNew");
    Method next = method(gpiod, "chipIterNextNoClose", long.class);
    Method free = method(gpiod, "chipIterFreeNoClose", long.class);
    long iterator;
    try {
      iterator = (Long) iterNew.invoke(null);
    } catch (InvocationTargetException e) {
      // No /dev/gpiochip*: libgpiod reports it and the JNI layer turns it into an exception.
      return "none (" + e.getCause() + ")";
    }
    int chips = 0;
    while (next.invoke(null, iterator) != null) {
      chips++;
    }
    free.invoke(null, iterator);
    return Integer.toString(chips);
  }

  private static Method method(Class<?> type, String name, Class<?>... parameters)
      throws NoSuchMethodException {
    Method m = type.getDeclaredMethod(name, parameters);
    m.setAccessible(true);
    return m;
  }
}
