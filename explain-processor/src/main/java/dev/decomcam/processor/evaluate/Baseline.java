package dev.decomcam.processor.evaluate;

import dev.decomcam.processor.decom.ModelInput;
import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * What deletion puts in place of the removed pixels and what insertion starts from, in normalised
 * input space: {@code zero} (0, the data set's mean colour), {@code black} (raw pixel 0, i.e.
 * {@code -mean/std} per channel) or {@code blur} (the input blurred by {@link MirrorBlur}).
 */
public enum Baseline {
  ZERO,
  BLACK,
  BLUR;

  /** The baseline image for {@code input}, normalised like it with {@code mean}/{@code std}. */
  public ModelInput of(ModelInput input, float[] mean, float[] std) {
    int plane = input.height() * input.width();
    return switch (this) {
      case ZERO ->
          new ModelInput(
              input.channels(), input.height(), input.width(), new float[input.data().length]);
      case BLACK -> {
        Normalisation.check(input, mean, std);
        float[] d = new float[input.data().length];
        for (int c = 0; c < input.channels(); c++) {
          Arrays.fill(d, c * plane, (c + 1) * plane, -mean[c] / std[c]);
        }
        yield new ModelInput(input.channels(), input.height(), input.width(), d);
      }
      case BLUR -> MirrorBlur.apply(input);
    };
  }

  /** The name on the command line and in reports. */
  public String id() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static Optional<Baseline> parse(String s) {
    return Arrays.stream(values()).filter(b -> b.id().equals(s)).findFirst();
  }

  /** "zero, black, blur". */
  public static String choices() {
    return Arrays.stream(values()).map(Baseline::id).collect(Collectors.joining(", "));
  }
}
