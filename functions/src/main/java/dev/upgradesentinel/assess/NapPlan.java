package dev.upgradesentinel.assess;

import java.util.Objects;

/**
 * How to move node auto-provisioning's Docker-based default image type to containerd.
 *
 * @param imageType the current default image type
 * @param replacementImageType the containerd image type to use instead
 * @param command the gcloud command that changes the default
 */
public record NapPlan(String imageType, String replacementImageType, String command) {
  public NapPlan {
    Objects.requireNonNull(imageType, "imageType == null");
    Objects.requireNonNull(replacementImageType, "replacementImageType == null");
    Objects.requireNonNull(command, "command == null");
  }
}
