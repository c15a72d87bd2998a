package dev.upgradesentinel.functions;

import com.google.cloud.functions.CloudEventsFunction;
import dev.upgradesentinel.scan.ScanWorker;
import dev.upgradesentinel.wiring.Instance;
import io.cloudevents.CloudEvent;

/**
 * Handles scan requests from the scan topic: fan-out batches from CheckFunction, slash-command
 * checks, and Cloud Scheduler's sweeps, which it splits into batches first.
 *
 * <p>Deploy it with {@code --max-instances=1}: the rate limit is per instance, so one instance
 * keeps a whole fleet scan under {@code SCAN_RATE_PER_MINUTE}. Messages that can never be handled
 * are logged and acknowledged; a transient failure escapes {@link #accept} and Pub/Sub redelivers.
 */
public final class ScanWorkerFunction implements CloudEventsFunction {
  private final ScanWorker worker;

  /** Called by the Functions Framework; reads the configuration from the environment. */
  public ScanWorkerFunction() {
    this(Instance.fromEnv());
  }

  ScanWorkerFunction(Instance instance) {
    this.worker = instance.scanWorker();
  }

  @Override
  public void accept(CloudEvent event) {
    worker.handle(event.getType(), event.getData() == null ? null : event.getData().toBytes());
  }
}
