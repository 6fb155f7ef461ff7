package dev.decomcam.ops.pipeline;

import dev.decomcam.ops.kafka.KafkaBroker;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link ProcessorRestartIT} with frames explained in batches of 3: frames consumed and buffered
 * but not yet explained when the processor is killed must come back from the buffer's changelog (or
 * be consumed again), never lost or explained twice.
 */
class BatchedProcessorRestartIT {
  @RegisterExtension static final KafkaBroker KAFKA = new KafkaBroker();

  @Test
  void killedBatchingProcessorResumesWarmWithoutLosingOrRepeatingFrames(@TempDir Path dir)
      throws Exception {
    // 3 does not divide the 100 frames: the last batch is a partial one, flushed by the linger
    ProcessorRestartIT.killAndResume(KAFKA, dir, 3);
  }
}
