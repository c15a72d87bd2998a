package dev.upgradesentinel.sinks;

import static com.google.common.truth.Truth.assertThat;

import dev.upgradesentinel.assess.Verdict;
import dev.upgradesentinel.guidance.Block;
import dev.upgradesentinel.guidance.Message;
import dev.upgradesentinel.sinks.chat.GoogleChatRenderer;
import dev.upgradesentinel.sinks.teams.AdaptiveCardRenderer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Chat and Teams take far less than a cluster with hundreds of Docker pools can produce. */
class LongMessageRenderingTest {

  private static Message hugeMessage() {
    List<Block> blocks = new ArrayList<>();
    for (int i = 0; i < 400; i++) {
      blocks.add(
          new Block.CodeBlock(
              "gcloud container clusters upgrade c --node-pool=pool-" + i + " " + "x".repeat(150)));
    }
    return new Message("Cluster c is blocked", Verdict.BLOCKED, blocks);
  }

  @Test
  void googleChat_hugeMessage_staysUnder32000BytesAndSaysWhatIsLeftOut() {
    String json = new GoogleChatRenderer().render(hugeMessage()).toString();

    assertThat(json.getBytes(StandardCharsets.UTF_8).length).isLessThan(32_000);
    assertThat(json).contains("pool-0 ");
    assertThat(json).contains("too long for Google Chat and is left out");
  }

  @Test
  void teams_hugeMessage_staysUnder28KbAndSaysWhatIsLeftOut() {
    String json = new AdaptiveCardRenderer().render(hugeMessage()).toString();

    assertThat(json.getBytes(StandardCharsets.UTF_8).length).isLessThan(28_000);
    assertThat(json).contains("pool-0 ");
    assertThat(json).contains("too long for Teams and is left out");
  }
}
