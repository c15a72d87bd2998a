package dev.upgradesentinel.testing;

import io.grpc.CallOptions;
import io.grpc.ClientCall;
import io.grpc.Grpc;
import io.grpc.HandlerRegistry;
import io.grpc.InsecureChannelCredentials;
import io.grpc.InsecureServerCredentials;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.Server;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerMethodDefinition;
import io.grpc.Status;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.EnumMap;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Stands between the Firestore client and the emulator and makes a chosen fraction of calls fail
 * the ways a real Firestore does: refused as UNAVAILABLE before the emulator sees them, answered
 * late, or carried out by the emulator with the answer then lost (UNAVAILABLE after the work was
 * done). Every call is relayed as bytes, whatever its method, so the real client speaks to it as to
 * the emulator.
 */
public final class FirestoreFaultProxy implements AutoCloseable {

  /** What happens to one call. */
  public enum Fault {
    NONE,
    UNAVAILABLE,
    SLOW,
    DONE_BUT_ANSWER_LOST
  }

  private final ManagedChannel emulator;
  private final long slowMillis;
  private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();
  private final Map<Fault, Integer> counts = new EnumMap<>(Fault.class); // guarded by this
  private double rate; // guarded by this
  private Random random = new Random(0); // guarded by this
  private Server server;

  private FirestoreFaultProxy(String emulatorHostPort, long slowMillis) {
    this.emulator =
        Grpc.newChannelBuilder(emulatorHostPort, InsecureChannelCredentials.create()).build();
    this.slowMillis = slowMillis;
  }

  /**
   * @param emulatorHostPort the emulator's {@code host:port}
   * @param slowMillis how late a slow answer comes
   */
  public static FirestoreFaultProxy start(String emulatorHostPort, long slowMillis)
      throws IOException {
    FirestoreFaultProxy proxy = new FirestoreFaultProxy(emulatorHostPort, slowMillis);
    HandlerRegistry everyMethod =
        new HandlerRegistry() {
          @Override
          public ServerMethodDefinition<?, ?> lookupMethod(String method, String authority) {
            return ServerMethodDefinition.create(RawMethods.named(method), proxy.relay());
          }
        };
    proxy.server =
        NettyServerBuilder.forAddress(
                new InetSocketAddress("127.0.0.1", 0), InsecureServerCredentials.create())
            .fallbackHandlerRegistry(everyMethod)
            .build()
            .start();
    return proxy;
  }

  /** The {@code host:port} to give the client as its emulator host. */
  public String hostPort() {
    return "127.0.0.1:" + server.getPort();
  }

  /** Fails about {@code fraction} of calls from now on, each fault alike; 0 relays every call. */
  public synchronized void failRandomly(double fraction, long seed) {
    rate = fraction;
    random = new Random(seed);
  }

  /** How many calls met each fault. */
  public synchronized Map<Fault, Integer> counts() {
    return Map.copyOf(counts);
  }

  private synchronized Fault choose() {
    Fault fault = Fault.NONE;
    if (rate > 0 && random.nextDouble() < rate) {
      Fault[] faults = {Fault.UNAVAILABLE, Fault.SLOW, Fault.DONE_BUT_ANSWER_LOST};
      fault = faults[random.nextInt(faults.length)];
    }
    counts.merge(fault, 1, Integer::sum);
    return fault;
  }

  private ServerCallHandler<byte[], byte[]> relay() {
    return (serverCall, headers) -> {
      Fault fault = choose();
      if (fault == Fault.UNAVAILABLE) {
        serverCall.close(Status.UNAVAILABLE.withDescription("injected"), new Metadata());
        return new ServerCall.Listener<>() {};
      }
      ClientCall<byte[], byte[]> clientCall =
          emulator.newCall(
              RawMethods.named(serverCall.getMethodDescriptor().getFullMethodName()),
              CallOptions.DEFAULT);
      clientCall.start(
          new ClientCall.Listener<>() {
            @Override
            public void onHeaders(Metadata answerHeaders) {
              serverCall.sendHeaders(answerHeaders);
            }

            @Override
            public void onMessage(byte[] message) {
              if (fault != Fault.DONE_BUT_ANSWER_LOST) {
                serverCall.sendMessage(message);
              }
              clientCall.request(1);
            }

            @Override
            public void onClose(Status status, Metadata trailers) {
              Runnable close =
                  () -> {
                    try {
                      if (fault == Fault.DONE_BUT_ANSWER_LOST) {
                        serverCall.close(
                            Status.UNAVAILABLE.withDescription("injected, after the work was done"),
                            new Metadata());
                      } else {
                        serverCall.close(status, trailers);
                      }
                    } catch (IllegalStateException alreadyClosed) {
                      // The client gave up on the call first.
                    }
                  };
              if (fault == Fault.SLOW) {
                timer.schedule(close, slowMillis, TimeUnit.MILLISECONDS);
              } else {
                close.run();
              }
            }
          },
          headers);
      clientCall.request(1);
      serverCall.request(1);
      return new ServerCall.Listener<>() {
        @Override
        public void onMessage(byte[] message) {
          clientCall.sendMessage(message);
          serverCall.request(1);
        }

        @Override
        public void onHalfClose() {
          clientCall.halfClose();
        }

        @Override
        public void onCancel() {
          clientCall.cancel("the client cancelled", null);
        }
      };
    };
  }

  @Override
  public void close() throws InterruptedException {
    if (server != null) {
      server.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    }
    emulator.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    timer.shutdownNow();
  }
}
