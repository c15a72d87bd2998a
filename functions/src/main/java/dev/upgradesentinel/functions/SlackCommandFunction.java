package dev.upgradesentinel.functions;

import com.google.cloud.functions.HttpFunction;
import com.google.cloud.functions.HttpRequest;
import com.google.cloud.functions.HttpResponse;
import dev.upgradesentinel.command.SlashCommandHandler;
import dev.upgradesentinel.wiring.HttpAdapters;
import dev.upgradesentinel.wiring.Instance;
import java.io.IOException;

/**
 * Answers the {@code /gke-check} Slack slash command (deployed public: Slack cannot present an
 * identity token, so every request's Slack signature is verified instead). The check itself runs in
 * ScanWorkerFunction, which posts the result to the command's response URL.
 */
public final class SlackCommandFunction implements HttpFunction {
  private final SlashCommandHandler handler;

  /** Called by the Functions Framework; reads the configuration from the environment. */
  public SlackCommandFunction() {
    this(Instance.fromEnv());
  }

  SlackCommandFunction(Instance instance) {
    this.handler = instance.slashCommandHandler();
    instance.warmUpPublisher();
  }

  @Override
  public void service(HttpRequest request, HttpResponse response) throws IOException {
    HttpAdapters.slashCommand(handler, request, response);
  }
}
