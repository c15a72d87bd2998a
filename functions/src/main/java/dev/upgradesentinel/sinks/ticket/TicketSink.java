package dev.upgradesentinel.sinks.ticket;

import dev.upgradesentinel.base.TransientFailureException;
import dev.upgradesentinel.sinks.Delivery;
import dev.upgradesentinel.sinks.Receipt;
import dev.upgradesentinel.sinks.Sink;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.logging.Logger;

/**
 * A sink whose messages live in one ticket per finding, so the ticket follows the finding: it is
 * opened when the finding is new, commented on for reminders and updates, and commented on and
 * closed at the resolution. Subclasses say how one ticket system does each step.
 *
 * <p>Only findings get tickets. A {@link Delivery.Kind#NOTICE} opens nothing by definition, and a
 * stand-alone message (no finding id, such as a fleet digest) would open a ticket on every scan
 * that nothing ever closes; both are acknowledged without a call.
 *
 * <p>A ticket deleted since the finding opened it is replaced by a new one for a reminder or an
 * update; at the resolution nothing is left to close, so nothing is opened.
 *
 * <p>Refusals ({@link TicketRefusedException}) are logged at SEVERE and give a refused receipt;
 * {@link TransientFailureException} escapes so that Pub/Sub redelivers.
 */
public abstract class TicketSink implements Sink {
  private static final Logger logger = Logger.getLogger(TicketSink.class.getName());
  private static final String ELLIPSIS = "…";

  private final String name;
  private final String where;
  private final boolean dryRun;

  /**
   * @param name the sink's configured name, such as {@code jira-ops}
   * @param where the project or repository, the channel of every receipt
   * @param dryRun log the requests a delivery would send instead of sending them
   */
  protected TicketSink(String name, String where, boolean dryRun) {
    this.name = Objects.requireNonNull(name, "name == null");
    this.where = Objects.requireNonNull(where, "where == null");
    this.dryRun = dryRun;
  }

  @Override
  public final String name() {
    return name;
  }

  /**
   * Opens, comments on or closes the finding's ticket, as the delivery's kind says.
   *
   * @return the project or repository and the ticket's key or number; refused when the ticket
   *     system refused for good (logged at SEVERE)
   * @throws TransientFailureException when the ticket system is unavailable, rate limiting beyond
   *     the wait allowed, or slow; Pub/Sub redelivers
   */
  @Override
  public final Receipt deliver(Delivery delivery) {
    if (delivery.kind() == Delivery.Kind.NOTICE
        || delivery.kind() == Delivery.Kind.DETAIL
        || delivery.findingId().isEmpty()) {
      logger.info(
          () ->
              "not a finding, no ticket "
                  + context(delivery)
                  + " summary=\""
                  + delivery.message().summary()
                  + "\"");
      return Receipt.delivered();
    }
    Optional<String> ticket = delivery.original().filter(Receipt::isAddressable).map(Receipt::id);
    if (dryRun) {
      for (TicketRequest request : plan(delivery, ticket)) {
        logger.info(() -> "DRY_RUN: would send " + context(delivery) + " " + request);
      }
      return Receipt.delivered();
    }
    try {
      return switch (delivery.kind()) {
        case REMINDER, UPDATE ->
            ticket.isPresent() ? follow(ticket.get(), delivery) : open(delivery);
        case FOLLOW_UP -> ticket.isPresent() ? followUp(ticket.get(), delivery) : nothing(delivery);
        case RESOLUTION -> resolve(ticket.or(() -> findOpen(delivery)), delivery);
        default -> open(delivery);
      };
    } catch (TicketRefusedException e) {
      logger.severe(
          "the ticket system refused the message, not retrying "
              + context(delivery)
              + " "
              + e.getMessage());
      return Receipt.refused();
    }
  }

  /**
   * An open ticket that already carries the finding's label, when the ticket system can search for
   * one: a guard against duplicates behind the notification log.
   */
  protected abstract Optional<String> findOpen(Delivery delivery);

  /** Opens a ticket for the finding and returns its key or number. */
  protected abstract String create(Delivery delivery);

  /**
   * Comments on a ticket with the delivery's message.
   *
   * @throws TicketGoneException when the ticket no longer exists
   */
  protected abstract void comment(String ticket, Delivery delivery);

  /**
   * Closes a ticket as done.
   *
   * @throws TicketGoneException when the ticket no longer exists
   */
  protected abstract void close(String ticket, Delivery delivery);

  /**
   * Whether the ticket holds a comment with the delivery's message made since {@code since}: the
   * one an earlier attempt made before its answer was lost. Asked only after such an attempt.
   *
   * @throws TicketGoneException when the ticket no longer exists
   */
  protected abstract boolean commentedSince(String ticket, Delivery delivery, Instant since);

  /** The request {@link #findOpen} sends, if it sends one. */
  protected abstract Optional<TicketRequest> findRequest(Delivery delivery);

  /** The request {@link #create} sends. */
  protected abstract TicketRequest createRequest(Delivery delivery);

  /** The request {@link #comment} sends. */
  protected abstract TicketRequest commentRequest(String ticket, Delivery delivery);

  /** The requests {@link #close} sends, as far as they can be known before the answers. */
  protected abstract List<TicketRequest> closeRequests(String ticket);

  /** Identifiers for log lines about one delivery. */
  protected final String context(Delivery delivery) {
    return "sink="
        + name
        + " where="
        + where
        + " kind="
        + delivery.kind()
        + " finding="
        + (delivery.findingId().isEmpty() ? "-" : delivery.findingId());
  }

  /**
   * Text on one line of at most {@code max} characters, for a ticket's title: line breaks become
   * spaces and a longer text is cut with "…", never inside a surrogate pair.
   */
  protected static String oneLine(String text, int max) {
    String line = text.replaceAll("\\s*[\\r\\n]+\\s*", " ").strip();
    if (line.length() <= max) {
      return line;
    }
    int end = max - ELLIPSIS.length();
    if (Character.isHighSurrogate(line.charAt(end - 1))) {
      end--;
    }
    return line.substring(0, end) + ELLIPSIS;
  }

  /**
   * Comments, unless an earlier attempt whose answer was lost already did: that attempt's comment
   * is looked for first.
   */
  private void commentOnce(String ticket, Delivery delivery) {
    Optional<Instant> earlier = delivery.earlierAttempt();
    if (earlier.isPresent() && commentedSince(ticket, delivery, earlier.get())) {
      logger.info(
          () ->
              "found the comment an earlier attempt made, not commenting again "
                  + context(delivery)
                  + " ticket="
                  + ticket);
      return;
    }
    comment(ticket, delivery);
  }

  private Receipt open(Delivery delivery) {
    Optional<String> existing = findOpen(delivery);
    if (existing.isPresent()
        && delivery.kind() == Delivery.Kind.NEW
        && delivery.earlierAttempt().isPresent()) {
      // The finding's id is new with its first message, so its open ticket is the one an earlier
      // attempt at this message opened before its answer was lost: the ticket already says it all.
      logger.info(
          () ->
              "found the ticket an earlier attempt opened, not commenting "
                  + context(delivery)
                  + " ticket="
                  + existing.get());
      return Receipt.delivered(where, existing.get());
    }
    if (existing.isPresent()) {
      try {
        commentOnce(existing.get(), delivery);
        logger.info(
            () ->
                "commented on the finding's open ticket instead of opening another "
                    + context(delivery)
                    + " ticket="
                    + existing.get());
        return Receipt.delivered(where, existing.get());
      } catch (TicketGoneException e) {
        logger.warning(
            "the open ticket found for the finding is gone, opening a new one "
                + context(delivery)
                + " ticket="
                + existing.get());
      }
    }
    String ticket = create(delivery);
    logger.info(() -> "opened a ticket " + context(delivery) + " ticket=" + ticket);
    return Receipt.delivered(where, ticket);
  }

  private Receipt nothing(Delivery delivery) {
    logger.info(() -> "no ticket to follow up on " + context(delivery));
    return Receipt.delivered();
  }

  /** Comments on the finding's ticket; one that is gone is replaced by a new one. */
  private Receipt follow(String ticket, Delivery delivery) {
    return comment(ticket, delivery, true);
  }

  /** Comments on the finding's ticket; one that is gone gets nothing, and none is opened. */
  private Receipt followUp(String ticket, Delivery delivery) {
    return comment(ticket, delivery, false);
  }

  private Receipt comment(String ticket, Delivery delivery, boolean reopenWhenGone) {
    try {
      commentOnce(ticket, delivery);
      logger.info(() -> "commented on the ticket " + context(delivery) + " ticket=" + ticket);
      return Receipt.delivered(where, ticket);
    } catch (TicketGoneException e) {
      logger.warning(
          "the finding's ticket is gone, "
              + (reopenWhenGone ? "opening a new one " : "not opening one for a follow-up ")
              + context(delivery)
              + " ticket="
              + ticket
              + " "
              + e.getMessage());
      return reopenWhenGone ? open(delivery) : Receipt.delivered();
    }
  }

  private Receipt resolve(Optional<String> ticket, Delivery delivery) {
    if (ticket.isEmpty()) {
      logger.info(() -> "no open ticket to close " + context(delivery));
      return Receipt.delivered();
    }
    try {
      commentOnce(ticket.get(), delivery);
      close(ticket.get(), delivery);
      logger.info(() -> "closed the ticket " + context(delivery) + " ticket=" + ticket.get());
      return Receipt.delivered(where, ticket.get());
    } catch (TicketGoneException e) {
      logger.warning(
          "the finding's ticket is gone, nothing to close "
              + context(delivery)
              + " ticket="
              + ticket.get()
              + " "
              + e.getMessage());
      return Receipt.delivered();
    }
  }

  /** What a delivery would send before any answer is known, for dry runs. */
  private List<TicketRequest> plan(Delivery delivery, Optional<String> ticket) {
    List<TicketRequest> plan = new ArrayList<>();
    if (ticket.isPresent()) {
      plan.add(commentRequest(ticket.get(), delivery));
      if (delivery.kind() == Delivery.Kind.RESOLUTION) {
        plan.addAll(closeRequests(ticket.get()));
      }
      return plan;
    }
    findRequest(delivery).ifPresent(plan::add);
    if (delivery.kind() != Delivery.Kind.RESOLUTION) {
      plan.add(createRequest(delivery));
    }
    return plan;
  }
}
