package dev.decomcam.ops.kafka;

import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.core.filter.Filter;
import ch.qos.logback.core.spi.FilterReply;

/**
 * Drops the embedded broker's ERROR lines for one retriable condition of transactions v2: a
 * transactional producer's first batches to a partition it has no state on yet, sent while an
 * earlier batch is retried, are refused with {@code OutOfOrderSequenceException} ("Expected
 * sequence 0 for transactions v2 idempotent producer with no existing state", KAFKA-18202) and the
 * producer retries them in order. Kafka Streams' changelog producers hit it on every start, and the
 * broker logs it at ERROR with a stack trace, which a user reads as a failure. Every other broker
 * error still shows.
 */
public final class RetriableSequenceErrors extends Filter<ILoggingEvent> {
  static final String LOGGER = "kafka.server.ReplicaManager";
  static final String EXCEPTION = "org.apache.kafka.common.errors.OutOfOrderSequenceException";

  @Override
  public FilterReply decide(ILoggingEvent event) {
    IThrowableProxy t = event.getThrowableProxy();
    boolean retriable =
        LOGGER.equals(event.getLoggerName())
            && t != null
            && EXCEPTION.equals(t.getClassName())
            && t.getMessage() != null
            && t.getMessage().contains("for transactions v2");
    return retriable ? FilterReply.DENY : FilterReply.NEUTRAL;
  }
}
