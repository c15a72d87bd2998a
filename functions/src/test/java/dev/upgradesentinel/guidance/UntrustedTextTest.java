package dev.upgradesentinel.guidance;

import static com.google.common.truth.Truth.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class UntrustedTextTest {

  @ParameterizedTest
  @ValueSource(
      strings = {
        "https://cloud.google.com/kubernetes-engine/security-bulletins#gcp-2024-001",
        "https://docs.cloud.google.com/kubernetes-engine/docs/security-bulletins",
        "https://CLOUD.google.com/kubernetes-engine/security-bulletins"
      })
  void isLinkable_googleBulletinAndDocumentationHosts_areLinked(String url) {
    assertThat(UntrustedText.isLinkable(url)).isTrue();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "https://evil.example/phish",
        "http://cloud.google.com/kubernetes-engine/security-bulletins",
        "https://cloud.google.com.evil.example/x",
        "https://cloud.google.com@evil.example/x",
        "https://user@cloud.google.com/x",
        "https://cloud.google.com:8443/x",
        "https://console.cloud.google.com/x",
        "https://evil.example/https://cloud.google.com/",
        "javascript:alert(1)",
        "//cloud.google.com/x",
        "https://cloud.google.com/a b",
        ""
      })
  void isLinkable_anyOtherUrl_isNotLinked(String url) {
    assertThat(UntrustedText.isLinkable(url)).isFalse();
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "https://evil.example/phish?a=b.c | hxxps[:]//evil[.]example/phish?a=b.c",
        "see http://a.b.c:80/x now | see hxxp[:]//a[.]b[.]c:80/x now",
        "ftp://files.example/x | ftp[:]//files[.]example/x",
        "go to www.evil.example/login | go to www[.]evil[.]example/login",
        "HTTPS://EVIL.EXAMPLE | hxxpS[:]//EVIL[.]EXAMPLE",
        "version 1.24.17-gke.2472000 | version 1.24.17-gke.2472000"
      })
  void defanged_urlsInText_cannotBeRecognisedAsLinks(String text, String expected) {
    assertThat(UntrustedText.defanged(text)).isEqualTo(expected);
  }
}
