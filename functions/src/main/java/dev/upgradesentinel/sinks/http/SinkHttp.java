package dev.upgradesentinel.sinks.http;

import dev.upgradesentinel.base.Deadline;
import dev.upgradesentinel.base.OutcomeUnknownException;
import dev.upgradesentinel.base.TransientFailureException;
import dev.upgradesentinel.sinks.SinkContext;
import java.io.IOException;
import java.net.ConnectException;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Predicate;
import java.util.function.UnaryOperator;
import java.util.logging.Logger;

/**
 * Sends one request to a sink's HTTP API the way every sink must: within a per-request timeout and
 * the event's deadline, waiting out rate limits for as long as the service asks when that fits, and
 * turning 5xx answers, I/O errors and timeouts into {@link TransientFailureException}. Other
 * answers (2xx, 4xx) are returned for the sink to judge. A failure after the request may have
 * reached the service (a timeout, a reset, a 5xx) is an {@link OutcomeUnknownException}: the
 * service may have acted on it. Secrets are redacted from everything it logs or throws. This is the
 * one retry policy all sinks share.
 */
public final class SinkHttp {
  private static final Logger logger = Logger.getLogger(SinkHttp.class.getName());

  public static final int MAX_ATTEMPTS = 3;

  /** Waiting longer would eat into the function's own timeout; Pub/Sub can redeliver later. */
  public static final Duration MAX_TOTAL_WAIT = Duration.ofSeconds(10);

  private static final Duration DEFAULT_RETRY_AFTER = Duration.ofSeconds(1);
  private static final int MAX_LOGGED_BODY = 500;

  private final HttpClient client;
  private final Duration requestTimeout;
  private final SinkContext.Sleeper sleeper;
  private final String target;
  private final UnaryOperator<String> redact;
  private final Clock clock;

  /**
   * @param context the client, the request timeout and the sleeper every sink shares; its clock
   *     reads the wall clock against a rate limit's reset time ({@code x-ratelimit-reset}, in epoch
   *     seconds)
   * @param target how the endpoint is named in logs and errors, such as "the Slack webhook"
   * @param redact removes secrets from text the service or the network stack sends back
   */
  public SinkHttp(SinkContext context, String target, UnaryOperator<String> redact) {
    this.client = context.client();
    this.requestTimeout = context.requestTimeout();
    this.sleeper = context.sleeper();
    this.target = Objects.requireNonNull(target, "target == null");
    this.redact = Objects.requireNonNull(redact, "redact == null");
    this.clock = context.clock();
  }

  /**
   * Sends the request until the service answers with something other than a rate limit.
   *
   * @param request the request without a timeout; each attempt gets the smaller of the request
   *     timeout and the time left
   * @param rateLimited tells a rate-limit answer, beyond HTTP 429 (Slack's Web API also says {@code
   *     "error":"ratelimited"})
   * @return the answer: 2xx, or a 4xx other than 429
   * @throws TransientFailureException on 5xx, I/O errors, timeouts, the deadline, or rate limits
   *     longer than allowed; Pub/Sub redelivers
   */
  public HttpResponse<String> send(
      HttpRequest.Builder request, Deadline deadline, Predicate<HttpResponse<String>> rateLimited) {
    return send(request, deadline, rateLimited, DEFAULT_RETRY_AFTER);
  }

  /**
   * Sends the request as {@link #send(HttpRequest.Builder, Deadline, Predicate)} does, for a
   * service that asks for a longer wait when a rate limit names none (GitHub asks for at least a
   * minute before retrying after a secondary rate limit).
   *
   * @param unnamedWait how long to wait when the answer has neither Retry-After nor an exhausted
   *     {@code x-ratelimit-remaining} with its {@code x-ratelimit-reset}
   * @throws TransientFailureException as the other {@code send} does; Pub/Sub redelivers
   */
  public HttpResponse<String> send(
      HttpRequest.Builder request,
      Deadline deadline,
      Predicate<HttpResponse<String>> rateLimited,
      Duration unnamedWait) {
    Objects.requireNonNull(unnamedWait, "unnamedWait == null");
    Duration waited = Duration.ZERO;
    for (int attempt = 1; ; attempt++) {
      deadline.check("posting to " + target);
      HttpResponse<String> response = post(request.timeout(deadline.cap(requestTimeout)).build());
      int status = response.statusCode();
      if (status == 429 || rateLimited.test(response)) {
        Duration retryAfter = retryAfter(response, unnamedWait);
        boolean fits =
            waited.plus(retryAfter).compareTo(MAX_TOTAL_WAIT) <= 0
                && retryAfter.compareTo(deadline.remaining()) < 0;
        if (attempt == MAX_ATTEMPTS || !fits) {
          throw new TransientFailureException(
              target
                  + " is rate limited status="
                  + status
                  + " attempts="
                  + attempt
                  + " retryAfterSeconds="
                  + retryAfter.toSeconds());
        }
        logger.warning(
            target
                + " is rate limited, retrying status="
                + status
                + " attempt="
                + attempt
                + " retryAfterSeconds="
                + retryAfter.toSeconds());
        pause(retryAfter);
        waited = waited.plus(retryAfter);
        continue;
      }
      if (status >= 500) {
        throw new OutcomeUnknownException(
            target + " failed status=" + status + " body=\"" + bodyOf(response) + "\"");
      }
      return response;
    }
  }

  /** The service's answer, short and with secrets redacted, for log lines. */
  public String bodyOf(HttpResponse<String> response) {
    String body = redact.apply(response.body().strip());
    return body.length() <= MAX_LOGGED_BODY ? body : body.substring(0, MAX_LOGGED_BODY) + "…";
  }

  private HttpResponse<String> post(HttpRequest request) {
    try {
      return client.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    } catch (HttpConnectTimeoutException | ConnectException e) {
      // Never connected, so nothing was sent.
      throw new TransientFailureException(
          "could not connect to " + target + ": " + e.getClass().getSimpleName(), withoutSecret(e));
    } catch (IOException e) {
      // A reset or a timeout (HttpTimeoutException is an IOException too) after the request may
      // have been written: the service may have taken it.
      throw new OutcomeUnknownException(
          "no answer from " + target + ": " + e.getClass().getSimpleName(), withoutSecret(e));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new TransientFailureException("interrupted while posting to " + target, e);
    }
  }

  private void pause(Duration duration) {
    try {
      sleeper.sleep(duration);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new TransientFailureException("interrupted while waiting to retry " + target, e);
    }
  }

  /**
   * Retry-After in seconds; else, when the answer says no requests are left ({@code
   * x-ratelimit-remaining: 0}), the time until {@code x-ratelimit-reset} (epoch seconds, as GitHub
   * sends it); else {@code unnamedWait}.
   */
  private Duration retryAfter(HttpResponse<?> response, Duration unnamedWait) {
    var headers = response.headers();
    Optional<Duration> retryAfter =
        seconds(headers.firstValue("Retry-After"), 6).map(Duration::ofSeconds);
    if (retryAfter.isPresent()) {
      return retryAfter.get();
    }
    boolean exhausted =
        headers
            .firstValue("x-ratelimit-remaining")
            .map(String::strip)
            .filter("0"::equals)
            .isPresent();
    Optional<Long> reset = seconds(headers.firstValue("x-ratelimit-reset"), 12);
    if (exhausted && reset.isPresent()) {
      long left = reset.get() - clock.instant().getEpochSecond();
      return Duration.ofSeconds(Math.max(0, left));
    }
    return unnamedWait;
  }

  /** A whole number of at most {@code maxDigits} digits; anything else counts as absent. */
  private static Optional<Long> seconds(Optional<String> header, int maxDigits) {
    return header
        .map(String::strip)
        .filter(value -> value.matches("\\d{1," + maxDigits + "}"))
        .map(Long::parseLong);
  }

  /**
   * The cause to keep: the exception itself, unless a message in its chain holds a secret; then a
   * copy with the secret redacted and the same stack trace takes its place, without the chain.
   */
  private IOException withoutSecret(IOException e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      String text = String.valueOf(t.getMessage());
      if (!redact.apply(text).equals(text)) {
        IOException copy =
            new IOException(
                e.getClass().getName() + ": " + redact.apply(String.valueOf(e.getMessage())));
        copy.setStackTrace(e.getStackTrace());
        return copy;
      }
    }
    return e;
  }
}
