package dev.upgradesentinel.functions;

import com.google.cloud.functions.HttpFunction;
import com.google.cloud.functions.HttpRequest;
import com.google.cloud.functions.HttpResponse;
import dev.upgradesentinel.check.CheckHandler;
import dev.upgradesentinel.check.TestNotificationHandler;
import dev.upgradesentinel.wiring.HttpAdapters;
import dev.upgradesentinel.wiring.Instance;
import java.io.IOException;

/**
 * Answers on-demand checks over HTTPS (deployed IAM-authenticated): one cluster, a project or a
 * list of projects, as JSON or, with {@code Accept: text/plain}, as a table.
 *
 * <p>{@code POST /test-notification?sink=NAME} sends a marked sample finding to one sink. What it
 * starts with and creates on first use: {@link Instance#checkHandler}.
 */
public final class CheckFunction implements HttpFunction {
  private final CheckHandler handler;
  private final TestNotificationHandler testNotifications;

  /** Called by the Functions Framework; reads the configuration from the environment. */
  public CheckFunction() {
    this(Instance.fromEnv());
  }

  CheckFunction(Instance instance) {
    instance.warmUpClients();
    this.handler = instance.checkHandler();
    this.testNotifications = instance.testNotifications();
  }

  @Override
  public void service(HttpRequest request, HttpResponse response) throws IOException {
    HttpAdapters.check(handler, testNotifications, request, response);
  }
}
