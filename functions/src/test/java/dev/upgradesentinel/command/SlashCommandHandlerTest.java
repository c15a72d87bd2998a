package dev.upgradesentinel.command;

import static com.google.common.truth.Truth.assertThat;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.upgradesentinel.base.Language;
import dev.upgradesentinel.base.TransientFailureException;
import dev.upgradesentinel.scan.ScanPublisher;
import dev.upgradesentinel.scan.ScanRequest;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class SlashCommandHandlerTest {
  private static final long NOW = 1_764_054_000L;
  private static final String SECRET = "signing-secret-for-tests";
  private static final String RESPONSE_URL = "https://hooks.slack.com/commands/T0001/1234/abcdef";

  private final SlackSignature signature =
      new SlackSignature(SECRET, Clock.fixed(Instant.ofEpochSecond(NOW), ZoneOffset.UTC));
  private final List<ScanRequest> published = new ArrayList<>();
  private final AtomicInteger publishersCreated = new AtomicInteger();
  private boolean topicDown;

  private final ScanPublisher publisher =
      request -> {
        if (topicDown) {
          throw new TransientFailureException("UNAVAILABLE: topic");
        }
        published.add(request);
        return "msg-" + published.size();
      };

  private SlashCommandHandler handler(Language language) {
    return new SlashCommandHandler(
        signature,
        () -> {
          publishersCreated.incrementAndGet();
          return publisher;
        },
        "https://hooks.slack.com/",
        language);
  }

  private static String form(String text, String responseUrl) {
    return "token=legacy&team_id=T0001&channel_id=C0001&user_id=U0AB12CD&command=%2Fgke-check"
        + "&text="
        + URLEncoder.encode(text, StandardCharsets.UTF_8)
        + "&response_url="
        + URLEncoder.encode(responseUrl, StandardCharsets.UTF_8);
  }

  private SlashCommandHandler.Reply send(SlashCommandHandler handler, String body) {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    String timestamp = Long.toString(NOW);
    return handler.handle("POST", timestamp, "v0=" + signature.sign(timestamp, bytes), bytes);
  }

  private static JsonObject json(SlashCommandHandler.Reply reply) {
    return JsonParser.parseString(reply.body()).getAsJsonObject();
  }

  @Test
  void handle_projectCommand_publishesScanWithResponseUrlAndAcknowledgesEphemerally() {
    SlashCommandHandler.Reply reply =
        send(handler(Language.EN), form("platform-prod 123456789012", RESPONSE_URL));

    assertThat(reply.status()).isEqualTo(200);
    assertThat(json(reply).get("response_type").getAsString()).isEqualTo("ephemeral");
    assertThat(json(reply).get("text").getAsString())
        .contains("Checking platform-prod, 123456789012");
    assertThat(published).hasSize(1);
    ScanRequest request = published.get(0);
    assertThat(request.kind()).isEqualTo(ScanRequest.Kind.SLASH_COMMAND);
    assertThat(request.projects()).containsExactly("platform-prod", "123456789012").inOrder();
    assertThat(request.location()).isEqualTo("-");
    assertThat(request.responseUrl()).isEqualTo(RESPONSE_URL);
    assertThat(request.requestedBy()).isEqualTo("U0AB12CD");
    assertThat(request.notifySinks()).isFalse();
    assertThat(json(reply).get("text").getAsString()).contains(request.scanId());
  }

  @Test
  void handle_clusterCommand_publishesOneClusterScan() {
    send(
        handler(Language.EN),
        form("cluster platform-prod us-central1 payments-prod", RESPONSE_URL));

    assertThat(published.get(0).cluster()).isEqualTo("payments-prod");
    assertThat(published.get(0).location()).isEqualTo("us-central1");
  }

  @Test
  void handle_organizationCommand_publishesAScopeScan() {
    send(handler(Language.EN), form("organizations/123456789012", RESPONSE_URL));

    assertThat(published).hasSize(1);
    assertThat(published.get(0).scope()).isEqualTo("organizations/123456789012");
    assertThat(published.get(0).projects()).isEmpty();
    assertThat(published.get(0).responseUrl()).isEqualTo(RESPONSE_URL);
  }

  @Test
  void handle_help_answersUsageWithoutPublishing() {
    SlashCommandHandler.Reply reply = send(handler(Language.EN), form("help", RESPONSE_URL));

    assertThat(json(reply).get("text").getAsString()).startsWith("Usage: `/gke-check PROJECT");
    assertThat(published).isEmpty();
    assertThat(publishersCreated.get()).isEqualTo(0);
  }

  @Test
  void handle_badArguments_answersReasonAndUsage() {
    SlashCommandHandler.Reply reply =
        send(handler(Language.KO), form("cluster platform-prod moon x", RESPONSE_URL));

    assertThat(reply.status()).isEqualTo(200);
    assertThat(json(reply).get("text").getAsString()).contains("명령을 이해할 수 없습니다");
    assertThat(json(reply).get("text").getAsString()).contains("사용법");
    assertThat(published).isEmpty();
  }

  @Test
  void handle_responseUrlOutsideSlack_isRejectedWithoutPublishing() {
    for (String url :
        List.of(
            "https://evil.example/hook",
            "http://hooks.slack.com/commands/1",
            "https://hooks.slack.com.evil.example/x",
            "https://hooks.slack.com@evil.example/x",
            "")) {
      SlashCommandHandler.Reply reply = send(handler(Language.EN), form("platform-prod", url));

      assertThat(reply.status()).isEqualTo(400);
    }
    assertThat(published).isEmpty();
  }

  @Test
  void handle_forgedSignature_is401AndPublishesNothing() {
    byte[] body = form("platform-prod", RESPONSE_URL).getBytes(StandardCharsets.UTF_8);

    SlashCommandHandler.Reply reply =
        handler(Language.EN).handle("POST", Long.toString(NOW), "v0=deadbeef", body);

    assertThat(reply.status()).isEqualTo(401);
    assertThat(json(reply).get("error").getAsString()).contains("signature does not match");
    assertThat(published).isEmpty();
  }

  @Test
  void handle_otherMethod_is405() {
    assertThat(handler(Language.EN).handle("GET", null, null, new byte[0]).status()).isEqualTo(405);
  }

  @Test
  void handle_hugeBody_is413() {
    byte[] body = new byte[SlashCommandHandler.MAX_BODY_BYTES + 1];

    assertThat(handler(Language.EN).handle("POST", Long.toString(NOW), "v0=x", body).status())
        .isEqualTo(413);
  }

  @Test
  void handle_topicUnavailable_answersTryAgain() {
    topicDown = true;

    SlashCommandHandler.Reply reply =
        send(handler(Language.EN), form("platform-prod", RESPONSE_URL));

    assertThat(reply.status()).isEqualTo(200);
    assertThat(json(reply).get("text").getAsString()).contains("try again");
  }
}
