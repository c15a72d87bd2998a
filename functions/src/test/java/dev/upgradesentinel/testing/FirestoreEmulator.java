package dev.upgradesentinel.testing;

import dev.upgradesentinel.config.DeliveryConfig;
import dev.upgradesentinel.delivery.NotificationLog;
import dev.upgradesentinel.delivery.NotificationLogs;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The real Firestore emulator ({@code gcloud emulators firestore start}) on a free port of
 * 127.0.0.1, for tests of the notification log.
 *
 * <p>It fails loudly when gcloud or its {@code cloud-firestore-emulator} component is missing: a
 * test of durability that silently did not run would prove nothing. {@link #close()} stops the
 * whole process tree, because the gcloud wrapper starts the emulator as a child JVM.
 */
public final class FirestoreEmulator implements AutoCloseable {
  private static final Duration START_TIMEOUT = Duration.ofSeconds(60);
  private static final HttpClient CLIENT =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

  private final Process process;
  private final int port;
  private final List<String> output = new ArrayList<>();

  private FirestoreEmulator(Process process, int port) {
    this.process = process;
    this.port = port;
    Thread reader =
        new Thread(
            () -> {
              try (BufferedReader lines =
                  new BufferedReader(
                      new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = lines.readLine()) != null) {
                  synchronized (output) {
                    output.add(line);
                  }
                }
              } catch (IOException endOfProcess) {
                // The emulator was stopped; what was read is kept for error messages.
              }
            },
            "firestore-emulator-output");
    reader.setDaemon(true);
    reader.start();
  }

  /** Ports tried when another process takes the free port before the emulator binds it. */
  private static final int BIND_ATTEMPTS = 3;

  /**
   * Starts the emulator and waits until it answers. A free port can be taken by another process
   * between the moment it is found and the moment the emulator binds it; the emulator then exits
   * with "Address already in use", and another free port is tried.
   *
   * @throws IllegalStateException when gcloud or the emulator component is missing, or the emulator
   *     does not start in time; the message says how to install it
   */
  public static FirestoreEmulator start() {
    for (int attempt = 1; ; attempt++) {
      try {
        return startOn(Processes.freePort());
      } catch (PortTaken e) {
        if (attempt == BIND_ATTEMPTS) {
          throw e;
        }
      }
    }
  }

  private static FirestoreEmulator startOn(int port) {
    Process process;
    try {
      process =
          new ProcessBuilder(
                  "gcloud",
                  "emulators",
                  "firestore",
                  "start",
                  "--host-port=127.0.0.1:" + port,
                  "--quiet")
              .redirectErrorStream(true)
              .start();
    } catch (IOException e) {
      throw new IllegalStateException(
          "cannot run gcloud: install the Google Cloud CLI and its component"
              + " cloud-firestore-emulator (gcloud components install cloud-firestore-emulator)",
          e);
    }
    FirestoreEmulator emulator = new FirestoreEmulator(process, port);
    emulator.awaitReady();
    return emulator;
  }

  /** The {@code host:port} to give {@code FIRESTORE_EMULATOR_HOST}. */
  public String hostPort() {
    return "127.0.0.1:" + port;
  }

  /**
   * A notification log in a collection of this emulator, as an instance builds it. Reminders after
   * 7 days, 20 s an event.
   */
  public NotificationLog notificationLog(String project, String collection) {
    return NotificationLogs.from(
        new DeliveryConfig(
            DeliveryConfig.LogKind.FIRESTORE,
            collection,
            Optional.of(project),
            Optional.of(hostPort()),
            Duration.ofDays(7),
            Duration.ofSeconds(20)));
  }

  /** Deletes every document of a project's default database. */
  public void clear(String project) {
    HttpRequest request =
        HttpRequest.newBuilder(
                URI.create(
                    "http://"
                        + hostPort()
                        + "/emulator/v1/projects/"
                        + project
                        + "/databases/(default)/documents"))
            .timeout(Duration.ofSeconds(10))
            .DELETE()
            .build();
    try {
      int status = CLIENT.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
      if (status / 100 != 2) {
        throw new IllegalStateException("the Firestore emulator refused to clear status=" + status);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private void awaitReady() {
    Instant deadline = Instant.now().plus(START_TIMEOUT);
    while (Instant.now().isBefore(deadline)) {
      if (!process.isAlive()) {
        if (output().contains("Address already in use")) {
          throw new PortTaken("another process took port " + port + " first; output:\n" + output());
        }
        throw new IllegalStateException(
            "the Firestore emulator exited with "
                + process.exitValue()
                + "; is the gcloud component cloud-firestore-emulator installed"
                + " (gcloud components install cloud-firestore-emulator)? output:\n"
                + output());
      }
      try {
        HttpResponse<String> answer =
            CLIENT.send(
                HttpRequest.newBuilder(URI.create("http://" + hostPort() + "/"))
                    .timeout(Duration.ofSeconds(2))
                    .build(),
                HttpResponse.BodyHandlers.ofString());
        if (answer.statusCode() == 200) {
          return;
        }
      } catch (IOException notYet) {
        // Not listening yet.
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(e);
      }
      Processes.sleep(200);
    }
    close();
    throw new IllegalStateException(
        "the Firestore emulator did not answer within " + START_TIMEOUT + "; output:\n" + output());
  }

  private String output() {
    synchronized (output) {
      return String.join("\n", output);
    }
  }

  @Override
  public void close() {
    Processes.stopTree(process);
  }

  /** The emulator could not bind its port: another process took it first. */
  private static final class PortTaken extends IllegalStateException {
    PortTaken(String message) {
      super(message);
    }
  }
}
