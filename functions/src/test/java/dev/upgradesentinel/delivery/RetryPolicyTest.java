package dev.upgradesentinel.delivery;

import static com.google.common.truth.Truth.assertThat;
import static com.google.common.truth.Truth.assertWithMessage;

import dev.upgradesentinel.config.DeliveryConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The claims' lease against the retry policy the deploy gives Pub/Sub, read from the deploy scripts
 * themselves: a redelivery after a crash must find the crashed claim expired, and a duplicate that
 * finds a live claim must be redelivered until the live send has ended.
 */
class RetryPolicyTest {
  private static final Path INFRA = Path.of("..", "infra");

  /** Instances' clocks differ; a redelivery should come this much after the lease ran out. */
  private static final Duration CLOCK_SKEW = Duration.ofSeconds(1);

  private static String script(String name) throws IOException {
    return Files.readString(INFRA.resolve(name));
  }

  private static String find(String text, String regex) {
    Matcher matcher = Pattern.compile(regex).matcher(text);
    assertWithMessage("the deploy scripts set " + regex).that(matcher.find()).isTrue();
    return matcher.group(1);
  }

  private static Duration seconds(String text, String flag) {
    return Duration.ofSeconds(Long.parseLong(find(text, "--" + flag + "=(\\d+)s\\b")));
  }

  @Test
  void redeliveryAfterACrash_comesAfterTheCrashedClaimExpired() throws IOException {
    Duration minRetryDelay = seconds(script("deploy.sh"), "min-retry-delay");

    // A crashed sender renewed its claim last at most at the crash; the redelivery comes at the
    // earliest one minimum retry delay after Pub/Sub saw the delivery fail, which is later still.
    assertThat(minRetryDelay).isAtLeast(OnceSender.LEASE.plus(CLOCK_SKEW));
  }

  @Test
  void eachAllowedAttemptCount_leavesARedeliveryAfterTheCrashedClaimExpired() throws IOException {
    int fewestAttempts = Integer.parseInt(find(script("lib.sh"), "MAX_DELIVERY_ATTEMPTS < (\\d+)"));

    // The crashed attempt is one; at least one more must follow it.
    assertThat(fewestAttempts).isAtLeast(2);
  }

  @Test
  void duplicateOfALiveSend_isRedeliveredUntilTheLongestSendHasEnded() throws IOException {
    String deploy = script("deploy.sh");
    Duration minRetryDelay = seconds(deploy, "min-retry-delay");
    Duration maxRetryDelay = seconds(deploy, "max-retry-delay");
    int defaultAttempts =
        Integer.parseInt(
            find(script("lib.sh"), "MAX_DELIVERY_ATTEMPTS=\\$\\{MAX_DELIVERY_ATTEMPTS:-(\\d+)\\}"));
    Duration functionTimeout =
        Duration.ofSeconds(
            Long.parseLong(
                find(
                    deploy,
                    "ClusterNotificationFunction[^\\n]*\\n(?:[^\\n]*\\n)*?.*--timeout=(\\d+)s")));
    // A send runs at most until the event's deadline, recorded within the grace after it, and its
    // claim holds one lease past its last renewal.
    Duration longestHold =
        DeliveryConfig.DEFAULT_DEADLINE.plus(NotificationLog.RECORD_GRACE).plus(OnceSender.LEASE);
    // Counting only the smallest delay between deliveries, the slowest Pub/Sub may be.
    Duration redeliveriesSpan = minRetryDelay.multipliedBy(defaultAttempts - 1);

    assertThat(redeliveriesSpan).isGreaterThan(longestHold);
    assertThat(maxRetryDelay).isAtLeast(minRetryDelay);
    assertThat(DeliveryConfig.DEFAULT_DEADLINE.plus(NotificationLog.RECORD_GRACE))
        .isLessThan(functionTimeout);
  }
}
