package dev.decomcam.ops.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.decomcam.ops.demo.DemoVideo;
import dev.decomcam.ops.demo.GroundTruth;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.bytedeco.javacv.FFmpegFrameGrabber;
import org.bytedeco.javacv.Frame;
import org.bytedeco.javacv.Java2DFrameConverter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The committed model names the demo video's target class on at least 90% of decoded frames. */
class DemoVideoClassificationTest {

  @Test
  void classifiesDecodedDemoFrames(@TempDir Path tmp) throws Exception {
    Path dir = DemoModelFiles.dir();
    Path mp4 = tmp.resolve("demo.mp4");
    GroundTruth gt = DemoVideo.generate(mp4, tmp.resolve("demo.json"), 11, DemoVideo.FRAMES);
    List<float[]> inputs = new ArrayList<>();
    try (FFmpegFrameGrabber grabber = new FFmpegFrameGrabber(mp4.toFile());
        Java2DFrameConverter conv = new Java2DFrameConverter()) {
      grabber.start();
      Frame f;
      while ((f = grabber.grabImage()) != null) {
        BufferedImage img = conv.convert(f);
        inputs.add(ImageTensors.input(img));
      }
      grabber.stop();
    }
    assertEquals(gt.frames().size(), inputs.size());
    int correct = 0;
    try (ExportedModel model = ExportedModel.load(dir, ExportedModel.Format.TORCHSCRIPT)) {
      int batch = 25;
      int per = inputs.get(0).length;
      for (int from = 0; from < inputs.size(); from += batch) {
        int n = Math.min(batch, inputs.size() - from);
        float[] in = new float[n * per];
        for (int k = 0; k < n; k++) {
          System.arraycopy(inputs.get(from + k), 0, in, k * per, per);
        }
        float[][] logits = model.forward(in, n).logits();
        for (int k = 0; k < n; k++) {
          if (DemoClassifier.argmax(logits[k]) == gt.frames().get(from + k).classIndex()) {
            correct++;
          }
        }
      }
    }
    double acc = (double) correct / inputs.size();
    assertTrue(acc >= 0.9, "demo video frame accuracy " + acc);
  }
}
