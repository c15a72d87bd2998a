package dev.upgradesentinel.testing;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Runs one function in a fresh JVM on the real Functions Framework invoker, as Cloud Functions
 * does: the invoker jar and the function's classes and runtime dependencies, built by Maven into
 * {@code target/}. Output from the process is collected for assertions on logs.
 */
public final class InvokerProcess implements AutoCloseable {
  private static final Path TARGET = Path.of("target");
  private static final Duration START_TIMEOUT = Duration.ofSeconds(60);

  private final Process process;
  private final int port;
  private final List<String> output = new ArrayList<>();
  private final Thread reader;

  private InvokerProcess(Process process, int port) {
    this.process = process;
    this.port = port;
    this.reader = new Thread(() -> collect(process.getInputStream()), "invoker-output");
    reader.setDaemon(true);
    reader.start();
  }

  /**
   * Starts the invoker for an entry class with exactly the given environment (plus PATH and
   * JAVA_HOME), and waits until it accepts connections.
   */
  public static InvokerProcess start(String target, Map<String, String> env) {
    return start(target, functionClasspath(), env);
  }

  /** The product's classes and runtime dependencies, as Maven built them. */
  public static String functionClasspath() {
    Path classpathFile = TARGET.resolve("function-classpath.txt");
    if (!Files.exists(classpathFile)) {
      throw new IllegalStateException("run the tests through Maven: it writes " + classpathFile);
    }
    try {
      return TARGET.resolve("classes").toAbsolutePath()
          + ":"
          + Files.readString(classpathFile).strip();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Starts the invoker for an entry class found on the given classpath. */
  public static InvokerProcess start(String target, String classpath, Map<String, String> env) {
    return start(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(), target, classpath, env);
  }

  /** Starts the invoker on the given {@code java} executable, such as another JDK's. */
  public static InvokerProcess start(
      String java, String target, String classpath, Map<String, String> env) {
    Path invokerJar = TARGET.resolve("invoker/java-function-invoker.jar");
    if (!Files.exists(invokerJar)) {
      throw new IllegalStateException("run the tests through Maven: it copies " + invokerJar);
    }
    int port = Processes.freePort();
    ProcessBuilder builder =
        new ProcessBuilder(
                java,
                "-jar",
                invokerJar.toAbsolutePath().toString(),
                "--target",
                target,
                "--port",
                Integer.toString(port),
                "--classpath",
                classpath)
            .redirectErrorStream(true);
    Map<String, String> environment = builder.environment();
    String path = environment.get("PATH");
    environment.clear();
    if (path != null) {
      environment.put("PATH", path);
    }
    environment.put("LANG", "C.UTF-8");
    environment.putAll(env);
    try {
      InvokerProcess invoker = new InvokerProcess(builder.start(), port);
      invoker.awaitReady();
      return invoker;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public String baseUrl() {
    return "http://127.0.0.1:" + port + "/";
  }

  /**
   * The high-water mark of the process's resident memory so far, from Linux's /proc, in MiB; -1
   * where /proc is not available.
   */
  public long peakRssMiB() {
    try {
      for (String line :
          Files.readAllLines(Path.of("/proc", Long.toString(process.pid()), "status"))) {
        if (line.startsWith("VmHWM:")) {
          return Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024;
        }
      }
    } catch (IOException | RuntimeException e) {
      return -1;
    }
    return -1;
  }

  /** Everything the process printed so far. */
  public String output() {
    synchronized (output) {
      return String.join("\n", output);
    }
  }

  /** Waits until the output contains the text, or fails after the timeout. */
  public void awaitOutput(String text, Duration timeout) {
    Instant deadline = Instant.now().plus(timeout);
    while (!output().contains(text)) {
      if (Instant.now().isAfter(deadline)) {
        throw new AssertionError("invoker never printed '" + text + "'; output:\n" + output());
      }
      Processes.sleep(50);
    }
  }

  private void awaitReady() {
    Instant deadline = Instant.now().plus(START_TIMEOUT);
    while (Instant.now().isBefore(deadline)) {
      if (!process.isAlive()) {
        throw new IllegalStateException(
            "invoker exited with " + process.exitValue() + ":\n" + output());
      }
      try (Socket ignored = new Socket("127.0.0.1", port)) {
        return;
      } catch (IOException notYet) {
        Processes.sleep(50);
      }
    }
    close();
    throw new IllegalStateException(
        "invoker did not start within " + START_TIMEOUT + ":\n" + output());
  }

  private void collect(InputStream stream) {
    try (BufferedReader lines =
        new BufferedReader(new InputStreamReader(stream, StandardCharsets.UTF_8))) {
      String line;
      while ((line = lines.readLine()) != null) {
        synchronized (output) {
          output.add(line);
        }
      }
    } catch (IOException endOfProcess) {
      // The process was stopped; what was read is kept.
    }
  }

  /** Kills the process at once, as a crashed instance ends: no shutdown hook runs. */
  public void kill() {
    process.destroyForcibly();
    try {
      process.waitFor(10, java.util.concurrent.TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public void close() {
    process.destroy();
    try {
      if (!process.waitFor(10, java.util.concurrent.TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor();
      }
      reader.join(2000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
