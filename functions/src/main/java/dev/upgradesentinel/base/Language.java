package dev.upgradesentinel.base;

import java.util.Locale;

/** The languages guidance is written in. */
public enum Language {
  EN,
  KO;

  /** The language for a code such as {@code en} or {@code ko}, ignoring case. */
  public static Language fromCode(String code) {
    for (Language language : values()) {
      if (language.name().equalsIgnoreCase(code.strip())) {
        return language;
      }
    }
    throw new IllegalArgumentException("unknown language '" + code + "' (expected en or ko)");
  }

  public String code() {
    return name().toLowerCase(Locale.ROOT);
  }
}
