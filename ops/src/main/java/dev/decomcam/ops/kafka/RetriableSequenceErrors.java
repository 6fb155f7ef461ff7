package dev.decomcam.ops.kafka;

import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.core.filter.Filter;
import ch.qos.logback.core.spi.FilterReply;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Drops the embedded broker's ERROR lines for one retriable condition of transactions v2: a
 * transactional producer's first batches to a partition it has no state on yet, sent while an
 * earlier batch is retried, are refused with {@code OutOfOrderSequenceException} ("Expected
 * sequence 0 for transactions v2 idempotent producer with no existing state", KAFKA-18202) and the
 * producer retries them in order. The batches that producer already had in flight to the same
 * partition are then refused too, as out of order ("Out of order sequence number for producer P …
 * in partition X"), and retried after the first. Kafka Streams' changelog producers hit this on
 * every start, and the broker logs each refusal at ERROR with a stack trace, which a user reads as
 * a failure.
 *
 * <p>An out-of-order refusal within {@link #CASCADE_MS} of a transactions-v2 refusal of the same
 * producer and partition is dropped. One on its own becomes a one-line WARN: the broker cannot tell
 * a retried batch from a lost one, the producer can, and a producer that cannot recover fails
 * loudly itself (Kafka Streams stops its thread, ingest counts the frames not acknowledged). Every
 * other broker error still shows as it is.
 */
public final class RetriableSequenceErrors extends Filter<ILoggingEvent> {
  private static final Logger LOG = LoggerFactory.getLogger(RetriableSequenceErrors.class);

  static final String LOGGER = "kafka.server.ReplicaManager";
  static final String EXCEPTION = "org.apache.kafka.common.errors.OutOfOrderSequenceException";

  /** How long after a refusal the refusals of the batches then in flight are expected. */
  static final long CASCADE_MS = 30_000;

  /** Producer and partition the broker names in both messages. */
  private static final Pattern WHERE =
      Pattern.compile("for producer (-?\\d+) at offset -?\\d+ in partition (\\S+?):");

  /** Bound on remembered refusals (a broker with thousands of partitions restarting at once). */
  private static final int MAX_REMEMBERED = 10_000;

  /** producer/partition → when its transactions-v2 refusal was logged. */
  private final Map<String, Long> refused = new ConcurrentHashMap<>();

  private final LongSupplier clock;

  public RetriableSequenceErrors() {
    this(System::currentTimeMillis);
  }

  RetriableSequenceErrors(LongSupplier clock) {
    this.clock = clock;
  }

  @Override
  public FilterReply decide(ILoggingEvent event) {
    IThrowableProxy t = event.getThrowableProxy();
    if (!LOGGER.equals(event.getLoggerName())
        || t == null
        || !EXCEPTION.equals(t.getClassName())
        || t.getMessage() == null) {
      return FilterReply.NEUTRAL;
    }
    String message = t.getMessage();
    Matcher where = WHERE.matcher(message);
    String key = where.find() ? where.group(1) + "/" + where.group(2) : null;
    long now = clock.getAsLong();
    if (message.contains("for transactions v2")) {
      if (key != null) {
        if (refused.size() >= MAX_REMEMBERED) {
          refused.clear();
        }
        refused.put(key, now);
      }
      return FilterReply.DENY;
    }
    if (!message.startsWith("Out of order sequence number")) {
      return FilterReply.NEUTRAL;
    }
    Long since = key == null ? null : refused.get(key);
    if (since == null || now - since > CASCADE_MS) {
      LOG.warn(
          "broker refused a batch as out of order and its producer retries it (a producer that"
              + " cannot recover fails on its own): {}",
          message);
    }
    return FilterReply.DENY;
  }
}
