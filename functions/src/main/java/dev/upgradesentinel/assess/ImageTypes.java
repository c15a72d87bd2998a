package dev.upgradesentinel.assess;

import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The Docker-based node image types and their containerd replacements. GKE reports image types in
 * upper case, the documentation writes them in lower case; both are accepted.
 */
public final class ImageTypes {

  private static final Map<String, String> REPLACEMENTS =
      Map.of(
          "COS", "COS_CONTAINERD",
          "UBUNTU", "UBUNTU_CONTAINERD",
          "WINDOWS_LTSC", "WINDOWS_LTSC_CONTAINERD",
          "WINDOWS_SAC", "WINDOWS_SAC_CONTAINERD");

  /** Linux containerd images need nodes on this version or later. */
  static final GkeVersion LINUX_CONTAINERD_MINIMUM = GkeVersion.parse("1.14");

  /** Windows Server containerd images need nodes on this version or later. */
  static final GkeVersion WINDOWS_CONTAINERD_MINIMUM = GkeVersion.parse("1.21.1-gke.2200");

  private ImageTypes() {}

  public static boolean isDockerBased(String imageType) {
    return imageType != null && REPLACEMENTS.containsKey(normalize(imageType));
  }

  /** The containerd replacement of a Docker-based image type, in GKE's upper case. */
  public static Optional<String> replacementFor(String imageType) {
    return imageType == null
        ? Optional.empty()
        : Optional.ofNullable(REPLACEMENTS.get(normalize(imageType)));
  }

  public static boolean isWindows(String imageType) {
    return imageType != null && normalize(imageType).startsWith("WINDOWS");
  }

  /** The lowest node version on which the containerd replacement of this image type runs. */
  public static GkeVersion containerdMinimumFor(String imageType) {
    return isWindows(imageType) ? WINDOWS_CONTAINERD_MINIMUM : LINUX_CONTAINERD_MINIMUM;
  }

  private static String normalize(String imageType) {
    return imageType.strip().toUpperCase(Locale.ROOT);
  }
}
