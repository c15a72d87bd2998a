package dev.upgradesentinel.wiring;

import com.google.common.base.Suppliers;
import java.io.IOException;
import java.net.Authenticator;
import java.net.CookieHandler;
import java.net.ProxySelector;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.function.Supplier;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;

/**
 * An HTTP client that is built on first use, or ahead of it by {@link #buildInBackground}. Building
 * the JDK's client builds its default TLS context, which loads and parses the trust store: about a
 * fifth of a second of a cold start. Every component can hold this one from the start, and an
 * instance builds the real one while it wires the rest and the Functions Framework starts its
 * server.
 */
final class DeferredHttpClient extends HttpClient {
  private final Supplier<HttpClient> client;

  DeferredHttpClient(Supplier<HttpClient> factory) {
    this.client = Suppliers.memoize(Objects.requireNonNull(factory, "factory == null")::get);
  }

  /** Builds the client in a daemon thread; a first use before it is done waits for it. */
  void buildInBackground() {
    Thread thread = new Thread(client::get, "http-client");
    thread.setDaemon(true);
    thread.start();
  }

  @Override
  public Optional<CookieHandler> cookieHandler() {
    return client.get().cookieHandler();
  }

  @Override
  public Optional<Duration> connectTimeout() {
    return client.get().connectTimeout();
  }

  @Override
  public Redirect followRedirects() {
    return client.get().followRedirects();
  }

  @Override
  public Optional<ProxySelector> proxy() {
    return client.get().proxy();
  }

  @Override
  public SSLContext sslContext() {
    return client.get().sslContext();
  }

  @Override
  public SSLParameters sslParameters() {
    return client.get().sslParameters();
  }

  @Override
  public Optional<Authenticator> authenticator() {
    return client.get().authenticator();
  }

  @Override
  public Version version() {
    return client.get().version();
  }

  @Override
  public Optional<Executor> executor() {
    return client.get().executor();
  }

  @Override
  public <T> HttpResponse<T> send(HttpRequest request, HttpResponse.BodyHandler<T> handler)
      throws IOException, InterruptedException {
    return client.get().send(request, handler);
  }

  @Override
  public <T> CompletableFuture<HttpResponse<T>> sendAsync(
      HttpRequest request, HttpResponse.BodyHandler<T> handler) {
    return client.get().sendAsync(request, handler);
  }

  @Override
  public <T> CompletableFuture<HttpResponse<T>> sendAsync(
      HttpRequest request,
      HttpResponse.BodyHandler<T> handler,
      HttpResponse.PushPromiseHandler<T> pushPromises) {
    return client.get().sendAsync(request, handler, pushPromises);
  }

  @Override
  public WebSocket.Builder newWebSocketBuilder() {
    return client.get().newWebSocketBuilder();
  }
}
