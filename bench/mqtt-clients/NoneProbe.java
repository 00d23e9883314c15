import java.nio.file.*;
public class NoneProbe {
  public static void main(String[] a) throws Exception {
    System.gc(); Thread.sleep(2000);
    String rss = Files.readAllLines(Path.of("/proc/self/status")).stream().filter(l -> l.startsWith("VmRSS")).findFirst().get();
    System.out.println("none " + rss.replaceAll("\\s+", " "));
  }
}
