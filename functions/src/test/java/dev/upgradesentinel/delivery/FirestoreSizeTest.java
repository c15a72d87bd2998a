package dev.upgradesentinel.delivery;

import static com.google.common.truth.Truth.assertThat;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Firestore's storage sizes, checked against the worked example of its documentation. */
class FirestoreSizeTest {

  @Test
  void document_theDocumentationsTaskExample_is147Bytes() {
    Map<String, Object> task = new LinkedHashMap<>();
    task.put("type", "Personal");
    task.put("done", false);
    task.put("priority", 1L);
    task.put("description", "Learn Cloud Firestore");

    assertThat(FirestoreSize.name("users/jeff/tasks/my_task_id")).isEqualTo(44);
    assertThat(FirestoreSize.document("users/jeff/tasks/my_task_id", task)).isEqualTo(147);
  }

  @Test
  void value_countsUtf8BytesNestedValuesAndTimestamps() {
    assertThat(FirestoreSize.value("클러스터")).isEqualTo(13);
    assertThat(FirestoreSize.value(List.of("ab", 7L, Map.of("k", true)))).isEqualTo(3 + 8 + 2 + 1);
    assertThat(FirestoreSize.value(Instant.EPOCH)).isEqualTo(8);
    assertThat(FirestoreSize.value(null)).isEqualTo(1);
  }
}
