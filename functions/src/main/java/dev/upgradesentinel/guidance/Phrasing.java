package dev.upgradesentinel.guidance;

import dev.upgradesentinel.base.Language;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.Objects;

/**
 * Picks the wording for one language. Both languages sit side by side at every call, so a reader
 * can check that they say the same thing.
 */
record Phrasing(Language language) {
  Phrasing {
    Objects.requireNonNull(language, "language == null");
  }

  String t(String english, String korean) {
    return language == Language.KO ? korean : english;
  }

  /** A date as each language writes it: ISO in English, {@code 2023년 7월 31일} in Korean. */
  String date(LocalDate date) {
    return language == Language.KO
        ? date.getYear() + "년 " + date.getMonthValue() + "월 " + date.getDayOfMonth() + "일"
        : date.toString();
  }

  /** A day against today: {@code in 3 days}, {@code today}, {@code 2 days ago}. */
  String relative(LocalDate date, LocalDate today) {
    long days = ChronoUnit.DAYS.between(today, date);
    if (days == 0) {
      return t("today", "오늘");
    }
    if (days > 0) {
      return t("in " + days + (days == 1 ? " day" : " days"), days + "일 후");
    }
    return t(-days + (days == -1 ? " day ago" : " days ago"), -days + "일 전");
  }
}
