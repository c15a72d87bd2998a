package dev.upgradesentinel.delivery;

import com.google.api.gax.core.FixedExecutorProvider;
import com.google.api.gax.core.NoCredentialsProvider;
import com.google.api.gax.httpjson.InstantiatingHttpJsonChannelProvider;
import com.google.api.gax.rpc.BidiStreamingCallable;
import com.google.api.gax.rpc.ServerStreamingCallable;
import com.google.api.gax.rpc.UnaryCallable;
import com.google.cloud.firestore.FirestoreOptions;
import com.google.cloud.firestore.spi.v1.FirestoreRpc;
import com.google.cloud.firestore.v1.FirestoreClient.ListCollectionIdsPagedResponse;
import com.google.cloud.firestore.v1.FirestoreClient.ListDocumentsPagedResponse;
import com.google.cloud.firestore.v1.FirestoreClient.PartitionQueryPagedResponse;
import com.google.cloud.firestore.v1.stub.FirestoreStub;
import com.google.cloud.firestore.v1.stub.FirestoreStubSettings;
import com.google.cloud.firestore.v1.stub.HttpJsonFirestoreStub;
import com.google.firestore.v1.BatchGetDocumentsRequest;
import com.google.firestore.v1.BatchGetDocumentsResponse;
import com.google.firestore.v1.BatchWriteRequest;
import com.google.firestore.v1.BatchWriteResponse;
import com.google.firestore.v1.BeginTransactionRequest;
import com.google.firestore.v1.BeginTransactionResponse;
import com.google.firestore.v1.CommitRequest;
import com.google.firestore.v1.CommitResponse;
import com.google.firestore.v1.ListCollectionIdsRequest;
import com.google.firestore.v1.ListDocumentsRequest;
import com.google.firestore.v1.ListenRequest;
import com.google.firestore.v1.ListenResponse;
import com.google.firestore.v1.PartitionQueryRequest;
import com.google.firestore.v1.RollbackRequest;
import com.google.firestore.v1.RunAggregationQueryRequest;
import com.google.firestore.v1.RunAggregationQueryResponse;
import com.google.firestore.v1.RunQueryRequest;
import com.google.firestore.v1.RunQueryResponse;
import com.google.protobuf.Empty;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The Firestore client's calls over Firestore's REST API rather than gRPC, through the REST stub
 * the client library itself ships: the notification log needs documents, transactions and queries,
 * all of which the REST API serves, and not the listen stream, which only gRPC does. An instance
 * then loads no gRPC transport at all when its other clients speak REST too, which is most of what
 * a cold start spends on the notification log.
 */
final class RestFirestoreRpc implements FirestoreRpc {
  private final FirestoreStub stub;
  private final ScheduledExecutorService executor;

  /**
   * @param emulatorHostOrNull {@code host:port} of the Firestore emulator, reached over plain HTTP
   *     without credentials; null for Firestore itself, with the options' credentials
   */
  RestFirestoreRpc(FirestoreOptions options, String emulatorHostOrNull) {
    executor =
        Executors.newScheduledThreadPool(
            2,
            runnable -> {
              Thread thread = new Thread(runnable, "firestore-rest");
              thread.setDaemon(true);
              return thread;
            });
    FirestoreStubSettings.Builder settings =
        FirestoreStubSettings.newHttpJsonBuilder()
            .setBackgroundExecutorProvider(FixedExecutorProvider.create(executor));
    if (emulatorHostOrNull != null) {
      settings
          .setTransportChannelProvider(
              InstantiatingHttpJsonChannelProvider.newBuilder()
                  .setEndpoint("http://" + emulatorHostOrNull)
                  .build())
          .setCredentialsProvider(NoCredentialsProvider.create());
    } else {
      settings.setCredentialsProvider(options.getCredentialsProvider());
    }
    // The client library's retries, as its gRPC transport applies them.
    settings.applyToAllUnaryMethods(
        method -> {
          method.setRetrySettings(options.getRetrySettings());
          return null;
        });
    settings.runQuerySettings().setRetrySettings(options.getRetrySettings());
    settings.batchGetDocumentsSettings().setRetrySettings(options.getRetrySettings());
    try {
      stub = HttpJsonFirestoreStub.create(settings.build());
    } catch (IOException e) {
      executor.shutdownNow();
      throw new UncheckedIOException("could not create the Firestore REST client", e);
    }
  }

  @Override
  public ScheduledExecutorService getExecutor() {
    return executor;
  }

  @Override
  public UnaryCallable<CommitRequest, CommitResponse> commitCallable() {
    return stub.commitCallable();
  }

  @Override
  public UnaryCallable<BatchWriteRequest, BatchWriteResponse> batchWriteCallable() {
    return stub.batchWriteCallable();
  }

  @Override
  public ServerStreamingCallable<BatchGetDocumentsRequest, BatchGetDocumentsResponse>
      batchGetDocumentsCallable() {
    return stub.batchGetDocumentsCallable();
  }

  @Override
  public ServerStreamingCallable<RunQueryRequest, RunQueryResponse> runQueryCallable() {
    return stub.runQueryCallable();
  }

  @Override
  public ServerStreamingCallable<RunAggregationQueryRequest, RunAggregationQueryResponse>
      runAggregationQueryCallable() {
    return stub.runAggregationQueryCallable();
  }

  @Override
  public UnaryCallable<BeginTransactionRequest, BeginTransactionResponse>
      beginTransactionCallable() {
    return stub.beginTransactionCallable();
  }

  @Override
  public UnaryCallable<RollbackRequest, Empty> rollbackCallable() {
    return stub.rollbackCallable();
  }

  @Override
  public UnaryCallable<ListCollectionIdsRequest, ListCollectionIdsPagedResponse>
      listCollectionIdsPagedCallable() {
    return stub.listCollectionIdsPagedCallable();
  }

  @Override
  public UnaryCallable<PartitionQueryRequest, PartitionQueryPagedResponse>
      partitionQueryPagedCallable() {
    return stub.partitionQueryPagedCallable();
  }

  @Override
  public UnaryCallable<ListDocumentsRequest, ListDocumentsPagedResponse>
      listDocumentsPagedCallable() {
    return stub.listDocumentsPagedCallable();
  }

  /** Listening needs a bidirectional stream, which only gRPC carries; the log never listens. */
  @Override
  public BidiStreamingCallable<ListenRequest, ListenResponse> listenCallable() {
    throw new UnsupportedOperationException("Firestore listeners need the gRPC transport");
  }

  @Override
  public void shutdown() {
    stub.shutdown();
    executor.shutdown();
  }

  @Override
  public void shutdownNow() {
    stub.shutdownNow();
    executor.shutdownNow();
  }

  @Override
  public void close() throws InterruptedException {
    shutdown();
    stub.awaitTermination(5, TimeUnit.SECONDS);
    executor.awaitTermination(5, TimeUnit.SECONDS);
  }
}
