package examples;

import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.PrintStream;
import java.lang.reflect.Method;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.jar.JarFile;

/**
 * Runs {@link PlainConsumer} in a class loader that holds the test classpath minus every entry containing a
 * Meshlog class: what an outside consumer has. Loading any Meshlog class there fails.
 */
final class IsolatedConsumer implements AutoCloseable {

  record Run(int exitCode, String out, String err) {
    List<String> lines() {
      return out.lines().filter(l -> !l.isBlank()).toList();
    }
  }

  final URLClassLoader loader;

  IsolatedConsumer() throws IOException {
    List<URL> urls = new ArrayList<>();
    for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
      Path path = Path.of(entry);
      if (!entry.isBlank() && Files.exists(path) && !path.endsWith("test-classes") && !holdsMeshlogClasses(path)) {
        urls.add(path.toUri().toURL());
      }
    }
    loader = new URLClassLoader("outside-consumer", urls.toArray(URL[]::new), ClassLoader.getPlatformClassLoader());
  }

  Run run(String... args) throws Exception {
    Method run = loader.loadClass("examples.PlainConsumer").getMethod("run", String[].class, PrintStream.class, PrintStream.class);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    Thread thread = Thread.currentThread();
    ClassLoader previous = thread.getContextClassLoader();
    thread.setContextClassLoader(loader); // Kafka loads configured classes (metrics reporters) through it
    try {
      int code = (int) run.invoke(null, args, new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
      return new Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    } finally {
      thread.setContextClassLoader(previous);
    }
  }

  private static boolean holdsMeshlogClasses(Path entry) throws IOException {
    if (Files.isDirectory(entry)) {
      return Files.exists(entry.resolve("dev/meshlog"));
    }
    try (JarFile jar = new JarFile(entry.toFile())) {
      return jar.stream().anyMatch(e -> e.getName().startsWith("dev/meshlog/"));
    }
  }

  @Override
  public void close() throws IOException {
    loader.close();
  }
}
