package dev.decomcam.sink.render;

import dev.decomcam.schemas.Component;
import dev.decomcam.schemas.Explanation;
import dev.decomcam.schemas.SaliencyMap;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Objects;

/**
 * The layers prepared for the explanation last drawn on each camera's frames, so that the frames
 * the processor skipped, drawn with their camera's latest explanation again and again, cost only
 * the blend.
 *
 * <p>One entry per camera and frame size (a new explanation replaces the camera's), least recently
 * used entries evicted beyond {@code maxCameras} entries or {@code maxBytes} of layers, so camera
 * ids that come and go cannot grow it. An entry is used only for an explanation whose drawn content
 * equals the one it was prepared from (crop, input size, saliency and component maps, ids and
 * weights) on a frame of the same size: by content, not by its camera and sequence alone, since a
 * restarted camera begins its sequences again. Comparing costs about a copy of the saliency map's
 * bytes, which an entry keeps.
 *
 * <p>Thread-safe: stream threads draw different cameras with one renderer; layers are immutable.
 *
 * @param <L> the layers
 */
final class LayerCache<L> {
  private final int maxCameras;
  private final long maxBytes;
  private final LinkedHashMap<String, Entry<L>> entries = new LinkedHashMap<>(16, 0.75f, true);
  private long bytes;

  LayerCache(int maxCameras, long maxBytes) {
    if (maxCameras < 1 || maxBytes < 1) {
      throw new IllegalArgumentException(
          "layer cache of " + maxCameras + " cameras, " + maxBytes + " bytes: use positive bounds");
    }
    this.maxCameras = maxCameras;
    this.maxBytes = maxBytes;
  }

  /** The layers of {@code e} on a {@code fw x fh} frame if its camera's entry holds them. */
  synchronized L get(Explanation e, int fw, int fh) {
    Entry<L> entry = entries.get(key(e, fw, fh));
    return entry != null && entry.source.matches(e, fw, fh) ? entry.layers : null;
  }

  /**
   * Keeps {@code layers} ({@code layerBytes} large) of {@code e} on a {@code fw x fh} frame as its
   * camera's entry; {@code e} must have been validated by preparing them.
   */
  synchronized void put(Explanation e, int fw, int fh, L layers, long layerBytes) {
    Source source = Source.of(e, fw, fh);
    Entry<L> entry = new Entry<>(source, layers, layerBytes + source.bytes());
    Entry<L> old = entries.put(key(e, fw, fh), entry);
    bytes += entry.bytes - (old == null ? 0 : old.bytes);
    Iterator<Entry<L>> eldest = entries.values().iterator();
    // the newest entry stays even alone over the byte bound: one entry is bounded by a frame
    while (entries.size() > 1 && (entries.size() > maxCameras || bytes > maxBytes)) {
      bytes -= eldest.next().bytes;
      eldest.remove();
    }
  }

  /**
   * An entry per camera and frame size: a camera whose frames are drawn at more than one size
   * (reduced while the sink catches up) keeps the layers of each, instead of preparing them anew at
   * every change of size.
   */
  private static String key(Explanation e, int fw, int fh) {
    return e.getCameraId() + "@" + fw + "x" + fh;
  }

  synchronized int size() {
    return entries.size();
  }

  synchronized long bytes() {
    return bytes;
  }

  private record Entry<L>(Source source, L layers, long bytes) {}

  /** What layers are prepared from, copied out of the explanation. */
  private record Source(
      int fw,
      int fh,
      List<Float> crop,
      int inputWidth,
      int inputHeight,
      MapCopy saliency,
      List<ComponentCopy> components) {

    static Source of(Explanation e, int fw, int fh) {
      List<ComponentCopy> comps = new ArrayList<>();
      for (Component c : e.getComponents()) {
        comps.add(new ComponentCopy(c.getId(), c.getWeight(), MapCopy.of(c.getMap())));
      }
      return new Source(
          fw,
          fh,
          crop(e),
          e.getInputWidth(),
          e.getInputHeight(),
          MapCopy.of(e.getSaliency()),
          comps);
    }

    private static List<Float> crop(Explanation e) {
      return e.getCrop() == null ? List.of() : new ArrayList<>(e.getCrop());
    }

    boolean matches(Explanation e, int fw, int fh) {
      if (fw != this.fw
          || fh != this.fh
          || e.getInputWidth() != inputWidth
          || e.getInputHeight() != inputHeight
          || !crop.equals(crop(e))
          || !saliency.matches(e.getSaliency())) {
        return false;
      }
      List<Component> comps = e.getComponents();
      if (comps == null || comps.size() != components.size()) {
        return false;
      }
      for (int i = 0; i < comps.size(); i++) {
        if (!components.get(i).matches(comps.get(i))) {
          return false;
        }
      }
      return true;
    }

    long bytes() {
      long b = saliency.bytes() + 64;
      for (ComponentCopy c : components) {
        b += (c.map == null ? 0 : c.map.bytes()) + 16;
      }
      return b;
    }
  }

  private record ComponentCopy(int id, float weight, MapCopy map) {
    boolean matches(Component c) {
      return c.getId() == id
          && Float.floatToIntBits(c.getWeight()) == Float.floatToIntBits(weight)
          && (map == null ? c.getMap() == null : map.matches(c.getMap()));
    }
  }

  /**
   * A map's size, encoding and bytes; null for a missing map, which only a component not drawn may
   * be (preparing refuses any other).
   */
  private record MapCopy(int width, int height, String encoding, byte[] data) {
    static MapCopy of(SaliencyMap m) {
      if (m == null) {
        return null;
      }
      byte[] data = null;
      if (m.getData() != null) {
        ByteBuffer d = m.getData().duplicate();
        data = new byte[d.remaining()];
        d.get(data);
      }
      return new MapCopy(
          m.getWidth(), m.getHeight(), Objects.toString(m.getEncoding(), null), data);
    }

    boolean matches(SaliencyMap m) {
      return m != null
          && m.getWidth() == width
          && m.getHeight() == height
          && Objects.equals(Objects.toString(m.getEncoding(), null), encoding)
          && (data == null
              ? m.getData() == null
              : m.getData() != null && ByteBuffer.wrap(data).equals(m.getData().duplicate()));
    }

    long bytes() {
      return (data == null ? 0 : data.length) + 32L;
    }
  }
}
