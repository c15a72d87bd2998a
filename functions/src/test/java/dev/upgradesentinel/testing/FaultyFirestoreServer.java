package dev.upgradesentinel.testing;

import io.grpc.HandlerRegistry;
import io.grpc.InsecureServerCredentials;
import io.grpc.Metadata;
import io.grpc.Server;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerMethodDefinition;
import io.grpc.Status;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

/**
 * A Firestore endpoint that fails every call the way a misconfigured or stuck Firestore does: it
 * answers each method of {@code google.firestore.v1.Firestore} with one status (PERMISSION_DENIED
 * when the service account lacks its role, NOT_FOUND when the database does not exist), or holds
 * every call without answering.
 *
 * <p>It speaks gRPC on the wire, so the real Firestore client talks to it as it would to the
 * emulator; the messages are never parsed, since no call gets an answer.
 */
public final class FaultyFirestoreServer implements AutoCloseable {
  private final Status status;
  private final List<ServerCall<byte[], byte[]>> held = new CopyOnWriteArrayList<>();
  private final List<String> methods = new CopyOnWriteArrayList<>();
  private Server server;

  private FaultyFirestoreServer(Status status) {
    this.status = status;
  }

  /** Answers every call with {@code status}. */
  public static FaultyFirestoreServer answering(Status status) throws IOException {
    return new FaultyFirestoreServer(status).start();
  }

  /** Takes every call and never answers it, until closed. */
  public static FaultyFirestoreServer silent() throws IOException {
    return new FaultyFirestoreServer(null).start();
  }

  private FaultyFirestoreServer start() throws IOException {
    HandlerRegistry everyMethod =
        new HandlerRegistry() {
          @Override
          public ServerMethodDefinition<?, ?> lookupMethod(String method, String authority) {
            return ServerMethodDefinition.create(RawMethods.named(method), handler());
          }
        };
    server =
        NettyServerBuilder.forAddress(
                new InetSocketAddress("127.0.0.1", 0), InsecureServerCredentials.create())
            .fallbackHandlerRegistry(everyMethod)
            .build()
            .start();
    return this;
  }

  private ServerCallHandler<byte[], byte[]> handler() {
    return (call, headers) -> {
      methods.add(call.getMethodDescriptor().getFullMethodName());
      if (status == null) {
        held.add(call);
      } else {
        call.close(status.withDescription("injected " + status.getCode()), new Metadata());
      }
      return new ServerCall.Listener<>() {};
    };
  }

  /** The {@code host:port} to give the client as its emulator host. */
  public String target() {
    return "127.0.0.1:" + server.getPort();
  }

  /** The full names of the methods called so far. */
  public List<String> methods() {
    return List.copyOf(methods);
  }

  @Override
  public void close() throws InterruptedException {
    for (ServerCall<byte[], byte[]> call : held) {
      try {
        call.close(Status.UNAVAILABLE.withDescription("server stopping"), new Metadata());
      } catch (IllegalStateException alreadyClosed) {
        // The client cancelled it.
      }
    }
    server.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
  }
}
